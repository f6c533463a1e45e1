"""The content plan: per stage, what to write, in which format and channel, how urgent, and why."""

from __future__ import annotations

from pipeline.report._model import FORMATS_BY_PHASE, fmt_num, fmt_pct

__all__ = ["content_plan", "PUBLISH_CHANNELS", "KIND_ACTIONS"]

# touchpoint / source -> where the content should live so the customer meets it there
# (worded for any business: a gym's sign-up page is its "checkout", its reception its "store")
PUBLISH_CHANNELS = {
    "website": "website pages", "app": "app screens", "email": "e-mails & notifications",
    "phone": "hotline scripts", "chat": "chat & bot answers", "store": "on-site materials (store, branch, reception)",
    "delivery": "delivery notifications", "assembly": "assembly & installation guide / video", "checkout": "checkout / sign-up page",
    "packaging": "packaging insert", "review_sites": "review replies & website", "social": "social posts",
    "word_of_mouth": "referral & share material", "help_center": "help centre articles",
    "marketplace": "marketplace listing, Q&A & seller replies", "app_store": "app-store listing & review replies",
    "parcel_locker": "delivery notifications", "reception": "on-site materials (store, branch, reception)",
    "locker_room": "on-site materials (store, branch, reception)", "trainer": "staff briefings & class materials",
    "account_manager": "account-manager briefings & one-pagers", "sales_rep": "sales decks & one-pagers",
    "tender_portal": "tender documents & specifications", "trade_fair": "trade-fair materials",
    "atm": "ATM screens & branch notices", "card_payments": "card & payment help (app & website)",
    "advertising": "ad copy & landing pages", "search": "search-friendly articles & landing pages",
    "forums": "community & forum answers", "notifications": "SMS & push messages",
    "technician": "technician visit briefings & leave-behind guides", "equipment": "device set-up guides & videos",
    "billing": "invoice notes & billing help",
}
_SOURCE_CHANNELS = {"chat": "chat & bot answers", "social": "social posts", "review": "review replies & website",
                    "interview": ""}
KIND_ACTIONS = {"question": "Answer", "pain_point": "Explain / prevent", "request": "Respond to"}
_KIND_NOUN = {"question": "question", "pain_point": "pain point", "request": "request"}


def _channels(theme: dict, stage: dict) -> tuple[str, str]:
    """Up to two publishing channels, and where the customers raised the topic (for the reasoning)."""
    chosen: list[str] = []
    for tp in theme.get("touchpoint_counts") or []:
        ch = PUBLISH_CHANNELS.get(tp["id"])
        if ch and ch not in chosen:
            chosen.append(ch)
        if len(chosen) == 2:
            break
    raised = []
    for part in str(theme.get("sources") or "").split(";"):
        name, _, n = part.strip().rpartition(" ")
        if name:
            raised.append((name, n))
            ch = _SOURCE_CHANNELS.get(name)
            if ch and ch not in chosen and len(chosen) < 2:
                chosen.append(ch)
    if not chosen:
        owned = [tp for tp in stage["touchpoints"] if tp["control_key"] == "owned"]
        chosen = [PUBLISH_CHANNELS.get(owned[0]["id"], "help centre")] if owned else ["website & help centre"]
    where = ", ".join(f"{name} {n}" for name, n in raised[:3])
    return " · ".join(chosen), where


def content_plan(view: dict) -> list[dict]:
    """Topics to write about, per stage, from the question, pain point and request themes.

    Priority = volume x reach x (1 + negativity) x 100: how many customers a piece of content
    would reach, boosted when the topic comes with frustration. Each topic keeps its reasoning
    and the quotes behind it. A theme is planned once, at its own stage (a stage's cell also lists
    the themes placed elsewhere with a fifth of their members there): its numbers are the whole theme's.

    Args:
        view: From :func:`pipeline.report._model.build_view`.

    Returns:
        Topics sorted by stage order, then priority.
    """
    plan = []
    for s in view["stages"]:
        fmt = s.get("content_format") or FORMATS_BY_PHASE.get(s["phase"], "help article")
        own = {key: [t for t in s[key] if t.get("stage") == s["id"]] for key in ("questions", "pain_points", "requests")}
        for kind, themes in (("question", own["questions"]), ("pain_point", own["pain_points"][:4]), ("request", own["requests"])):
            for t in themes:
                n = t.get("size") or 0
                if not n:
                    continue
                channel, where = _channels(t, s)
                label = t["label"]
                gloss = t.get("gloss_en") if t.get("label_lang") != "en" else ""
                neg = t.get("negative_share") or 0
                why = (f"{_KIND_NOUN[kind]}: {n} segments in {t.get('n_docs')} documents "
                       f"({fmt_pct(t.get('share_docs'))} of all), {fmt_pct(neg)} negative"
                       + (f"; from {where}" if where else "")
                       + f" → {fmt_num(n)} × {fmt_num(t.get('share_docs') or 0, 3)} × (1 + {fmt_num(neg, 2)}) × 100 = "
                       + fmt_num(t.get("content_priority") or 0, 1))
                plan.append({
                    "stage": s["id"], "stage_name": s["name"], "phase": s["phase"], "kind": kind,
                    "action": KIND_ACTIONS[kind], "topic": f"{KIND_ACTIONS[kind]}: {label}", "label": label,
                    "gloss_en": gloss or "", "format": fmt, "channel": channel,
                    "priority": float(t.get("content_priority") or 0), "n": n, "n_docs": t.get("n_docs") or 0,
                    "theme_id": t["theme_id"], "why": why, "quotes": t["quotes"][:3],
                })
    order = {s["id"]: i for i, s in enumerate(view["stages"])}
    plan.sort(key=lambda c: (order[c["stage"]], -c["priority"], c["theme_id"]))
    return plan
