"""A pain-point theme of long interview answers raises an FAQ entry its members point to."""
import pandas as pd

from pipeline.config import load_config
from pipeline.report._faq import faq_coverage
from pipeline.runner import Context

SSO = ["Honestly the biggest blocker was IT. Without single sign-on through Azure AD they would not even start the security review, so we lost two months.",
       "Our hospital requires SSO for every system, and ShiftWise did not have it, so procurement stopped until you promised it on the roadmap.",
       "We have eight hundred nurses. Nobody is going to remember another password, we need login through our identity provider, SAML or whatever.",
       "The security questionnaire asked about SAML and SCIM provisioning and we had to answer no, which made the CISO very nervous about the whole project.",
       "Logging in is a pain because it's not connected to our Microsoft accounts, people forget passwords every week and IT resets them by hand."]
IMPORT = ["Importing staff from Excel failed three times, the columns had to be exactly in your order and nobody told us.",
          "We spent a week cleaning the spreadsheet because the import kept rejecting the file without saying which row was wrong.",
          "The staff import from our HR export simply broke on Polish characters in names, we typed forty people by hand.",
          "Uploading the employee list was the worst part of onboarding, the template changed and the old file stopped working."]
NOTIF = ["The notifications drive my staff nuts, they get five pings for one change in the rota.",
         "Shift changes arrive at night, people wake up to a message that their shift tomorrow moved.",
         "Too many push messages, half of my team switched them off and now they miss real changes.",
         "I get an e-mail and a push and an SMS for the same swap request, it's just noise."]
OTHER = [f"We talked about the {x} for a while and it was {y}." for x in ("budget", "pilot", "training", "rota", "team")
         for y in ("fine", "long", "useful")]
FAQ = [{"question": "Does ShiftWise support SSO?", "answer": "Yes, SAML 2.0 on the Enterprise plan.", "line": 3},
       {"question": "How do I import my staff from Excel?", "answer": "Use the template.", "line": 7},
       {"question": "Can I pay by invoice?", "answer": "Yes.", "line": 11}]


def test_a_complaint_theme_of_long_answers_raises_the_entry_its_members_point_to():
    from pipeline.embedders import get_embedder

    texts = SSO + IMPORT + NOTIF + OTHER
    seg = pd.DataFrame({"segment_id": [f"s{i}" for i in range(len(texts))], "text": texts, "is_customer": True,
                        "doc_id": [f"p{i:02d}" for i in range(len(texts))],
                        "kind": ["pain_point"] * 13 + ["other"] * len(OTHER),
                        "theme_id": [0] * 5 + [1] * 4 + [2] * 4 + [-1] * len(OTHER)})
    themes = pd.DataFrame({"theme_id": [0, 1, 2], "kind": ["pain_point"] * 3})
    ctx = Context(cfg=load_config(overrides={"embed": {"embedder": "e5-fast"}, "run": {"cache_dir": ""}}),
                  corpus=None, out=None, artifacts={})
    cov = faq_coverage(seg, get_embedder("e5-fast").embed(texts), themes, FAQ, ctx)
    related = {e["line"]: (e["related"] or {}).get("theme_id") for e in cov["unmatched"]}
    assert related == {3: 0, 7: 1, 11: None}, cov["unmatched"]
    # the report says which rule decided: a member-decided match shows its documents, not the threshold as a score
    from pipeline.report._model import faq_match
    for e in cov["unmatched"]:
        r = e["related"]
        if r is None:
            continue
        if r["member_documents"]:
            assert r["score"] < 0.9 and faq_match(r) == f"raised by its members in {r['member_documents']} documents"
        else:
            assert r["score"] >= 0.9 and faq_match(r).startswith("mutual rank ")
    # the nearest theme of an entry nobody raises carries its own mutual rank too, never the threshold
    nearest = [e["nearest"] for e in cov["unmatched"] if e["related"] is None and e["nearest"]]
    assert nearest and all(n["score"] < 0.9 or not n["member_documents"] for n in nearest), nearest
    assert all("member_documents" in n for n in nearest)
