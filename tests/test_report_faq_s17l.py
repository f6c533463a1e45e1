"""FAQ coverage on a real embedder (pipeline.report._faq), dogfood 17b (short-stay apartments, en / pl / ru): a
theme of baby-cot questions in three languages beside the entry "Do you have a baby cot?" had been "not asked"
(its Polish and Russian members ranked below English questions about other things), and "Как доехать из аэропорта
до квартиры?" not covered by the airport-transfer entry."""

from __future__ import annotations

import pandas as pd

from pipeline.config import load_config
from pipeline.embedders import get_embedder
from pipeline.report._faq import faq_coverage
from pipeline.runner import Context

# round 1's customer segments as the run clustered them (text, kind, theme, language, document): every question,
# a third of the rest; theme 13 asks for a baby cot, 16 how to get from the airport, 11 for a transfer
SEGMENTS = [
    ('Dobry wieczór, Czy jest opcja późnego wymeldowania za dopłatą?', 'question', 12, 'pl', 'chat:chats/WhatsApp Chat with contact-08afe52f.txt'),
    ('алло?', 'question', -1, 'ru', 'chat:chats/WhatsApp Chat with contact-08afe52f.txt'),
    ('Skrzynka na klucze się nie otwiera, wpisuję kod i nic', 'question', 10, 'pl', 'chat:chats/WhatsApp Chat with contact-08afe52f.txt'),
    ('??', 'question', -1, 'pl', 'chat:chats/WhatsApp Chat with contact-08afe52f.txt'),
    ('Добрый день, Есть ли детская кроватка? Мы с малышом.', 'question', 13, 'ru', 'chat:chats/WhatsApp Chat with contact-8d532503.txt'),
    ('алло?', 'question', -1, 'ru', 'chat:chats/WhatsApp Chat with contact-8d532503.txt'),
    ('Good evening, Is early check-in possible if the apartment is ready?', 'question', 12, 'en', 'chat:chats/WhatsApp Chat with contact-fb7e0f58.txt'),
    ('halo?', 'question', -1, 'en', 'chat:chats/WhatsApp Chat with contact-fb7e0f58.txt'),
    ('Добрый день, Есть ли у вас своё парковочное место?', 'question', 14, 'ru', 'chat:chats/WhatsApp Chat with contact-b4f688c0.txt'),
    ('halo?', 'question', -1, 'ru', 'chat:chats/WhatsApp Chat with contact-b4f688c0.txt'),
    ('??', 'question', -1, 'en', 'chat:chats/WhatsApp Chat with contact-e8947562.txt'),
    ('Dobry wieczór, Czy można prosić o łóżeczko turystyczne dla niemowlaka?', 'question', 13, 'pl', 'chat:chats/WhatsApp Chat with contact-c2435fe9.txt'),
    ('Instrukcja zameldowania była niejasna, nie mogliśmy znaleźć sejfu na klucze.', 'question', 10, 'pl', 'chat:chats/WhatsApp Chat with contact-c2435fe9.txt'),
    ('halo?', 'question', -1, 'pl', 'chat:chats/WhatsApp Chat with contact-c2435fe9.txt'),
    ('алло?', 'question', -1, 'ru', 'chat:chats/WhatsApp Chat with contact-c2435fe9.txt'),
    ('Good evening, Where can we park the car, is there a garage close to the apartment?', 'question', 14, 'en', 'chat:chats/WhatsApp Chat with contact-807e7ba3.txt'),
    ('halo?', 'question', -1, 'en', 'chat:chats/WhatsApp Chat with contact-807e7ba3.txt'),
    ('алло?', 'question', -1, 'ru', 'chat:chats/WhatsApp Chat with contact-807e7ba3.txt'),
    ('Привет! Можете организовать трансфер из аэропорта?', 'question', 11, 'ru', 'chat:chats/WhatsApp Chat with contact-a1816a93.txt'),
    ('Это фото паспорта, номер [PASSPORT], если плохо видно', 'question', 10, 'ru', 'chat:chats/WhatsApp Chat with contact-a1816a93.txt'),
    ('В квартире нет горячей воды, можете прислать кого-нибудь?', 'question', 10, 'ru', 'chat:chats/WhatsApp Chat with contact-a1816a93.txt'),
    ('halo?', 'question', -1, 'ru', 'chat:chats/WhatsApp Chat with contact-a1816a93.txt'),
    ('How do we get from the airport to the apartment, can you arrange a taxi?', 'question', 11, 'en', 'chat:air-1000'),
    ('Hi! Can you book us a transfer from Gdańsk airport for 4 people?', 'question', 11, 'en', 'chat:air-1001'),
    ('Do you offer an airport transfer from Balice?', 'question', 11, 'en', 'chat:air-1001'),
    ('Witam, Czy jest gdzieś w pobliżu parking?', 'question', 14, 'pl', 'chat:air-1002'),
    ('Здравствуйте! Можно ли поставить детскую кроватку в спальню?', 'question', 13, 'ru', 'chat:air-1003'),
    ('Hi there, Do you offer an airport transfer from Balice?', 'question', 11, 'en', 'chat:air-1004'),
    ("Hello?? It's 1am and we've been waiting for an answer for an hour", 'question', 12, 'en', 'chat:air-1004'),
    ('Witam, Czy przy apartamencie jest miejsce parkingowe?', 'question', 14, 'pl', 'chat:air-1005'),
    ('Gdzie możemy zostawić samochód na 3 dni?', 'question', 14, 'pl', 'chat:air-1005'),
    ('Dobry wieczór, Czy jest łóżeczko dla dziecka?', 'question', 13, 'pl', 'chat:air-1006'),
    ('Do meldunku: dowód osobisty [PASSPORT], [PERSON].', 'question', 10, 'pl', 'chat:air-1006'),
    ('Добрый вечер, Можно ли заселиться пораньше, часов в 11?', 'question', 12, 'ru', 'chat:air-1007'),
    ('Hi there, Do you have a travel cot and a high chair?', 'question', 13, 'en', 'chat:air-1008'),
    ('How do we get from the airport to the apartment, can you arrange a taxi?', 'question', 11, 'en', 'chat:air-1008'),
    ('Hi there, Could we leave our bags before check-in time?', 'question', 12, 'en', 'chat:air-1009'),
    ('Hi! Can we do a late check-out on Sunday, like 2pm?', 'question', 12, 'en', 'chat:air-1010'),
    ("Hello, Is there a baby cot available? We're travelling with a 1-year-old.", 'question', 13, 'en', 'chat:air-1011'),
    ('Hello, We have a booking [ID] for 3 nights (paid with card ending [CARD]). Is street parking paid near the apartment and how much is it per day? Could we leave our bags before check-in time?', 'question', 14, 'en', 'chat:emails/:43bd96a3eef6'),
    ("Hi [PERSON], we're back home. The apartment was spotless. One thing though: an extra 150 PLN cleaning fee at the end felt like a hidden cost. Could you send us an invoice?", 'question', 15, 'en', 'chat:emails/:43bd96a3eef6'),
    ('Dzień dobry, mamy rezerwację nr [ID] na 3 noce (zapłacone kartą kończącą się na [CARD]). Czy przy apartamencie jest miejsce parkingowe? Czy można prosić o łóżeczko turystyczne dla niemowlaka?', 'question', 16, 'pl', 'chat:emails/:b4a512734776'),
    ('Dzień dobry, wróciliśmy do domu. Mieszkanie nieskazitelnie czyste. Jedna rzecz: przy wymeldowaniu doliczyli opłatę za sprzątanie, o której nie było mowy przy rezerwacji. Czy mogą Państwo przesłać fakturę?', 'question', 15, 'pl', 'chat:emails/:b4a512734776'),
    ('Здравствуйте, у нас бронь № [ID] на 3 ночи (оплачено картой, последние цифры [CARD]). Как доехать из аэропорта до квартиры? Есть ли у вас трансфер? Есть ли детская кроватка? Мы с малышом.', 'question', 16, 'ru', 'chat:emails/:df6b72afaab3'),
    ('Добрый день, мы вернулись домой. Очень чисто, свежее бельё и полотенца. Одно замечание: при выезде неожиданно взяли плату за уборку, при бронировании её не было. Можете прислать счёт?', 'question', 15, 'ru', 'chat:emails/:df6b72afaab3'),
    ('Hello, We have a booking [ID] for 3 nights (paid with card ending [CARD]). Can you book us a transfer from Gdańsk airport for 4 people? Could you put a cot in the bedroom for our baby?', 'question', 16, 'en', 'chat:emails/:a28956ed7df5'),
    ("Hi [PERSON], we're back home. Spotlessly clean flat, even the kitchen was perfect. One thing though: the final bill had a cleaning fee and tourist tax we didn't expect, not transparent at all. Could you send us an invoice?", 'question', 15, 'en', 'chat:emails/:a28956ed7df5'),
    ('Halo, jest ktoś?', 'question', -1, 'pl', 'review:reviews/booking_reviews_export.csv:3'),
    ("But we were surprised by a cleaning fee at checkout that wasn't clear when booking.", 'question', 10, 'en', 'review:reviews/tripadvisor_reviews.csv:7'),
    ("But we were surprised by a cleaning fee at checkout that wasn't clear when booking.", 'question', 10, 'en', 'review:reviews/tripadvisor_reviews.csv:11'),
    ('To zdjęcie dowodu, numer EBK378165 gdyby było nieczytelne', 'pain_point', 2, 'pl', 'chat:chats/WhatsApp Chat with contact-08afe52f.txt'),
    ('Dziękuję!', 'other', -1, 'pl', 'chat:chats/WhatsApp Chat with contact-08afe52f.txt'),
    ('Спасибо заранее', 'other', -1, 'ru', 'chat:chats/WhatsApp Chat with contact-8d532503.txt'),
    ('Cheers!', 'other', -1, 'en', 'chat:chats/WhatsApp Chat with contact-fb7e0f58.txt'),
    ('Не было горячей воды два дня подряд.', 'pain_point', 7, 'ru', 'chat:chats/WhatsApp Chat with contact-b4f688c0.txt'),
    ('Good evening, Would it be possible to check in early, around 10am? Our flight lands at 8.', 'request', -1, 'en', 'chat:chats/WhatsApp Chat with contact-e8947562.txt'),
    ("Check-in instructions were confusing, we couldn't find the key box at all.", 'pain_point', 0, 'en', 'chat:chats/WhatsApp Chat with contact-e8947562.txt'),
    ('Kod do skrytki na klucze nie działał, staliśmy pod drzwiami prawie godzinę.', 'pain_point', 0, 'pl', 'chat:chats/WhatsApp Chat with contact-c2435fe9.txt'),
    ('My phone if you need it: [PHONE]', 'other', -1, 'en', 'chat:chats/WhatsApp Chat with contact-807e7ba3.txt'),
    ('Cheers!', 'other', -1, 'en', 'chat:chats/WhatsApp Chat with contact-807e7ba3.txt'),
    ('Очень приятный и внимательный хозяин, всё подсказал. ❤️', 'praise', 18, 'ru', 'chat:chats/WhatsApp Chat with contact-a1816a93.txt'),
    ('We arrived at 11pm and nobody answered our messages for two hours.', 'pain_point', 2, 'en', 'chat:air-1000'),
    ('Wi-Fi słabe, w sypialni w ogóle nie łapie.', 'pain_point', 8, 'pl', 'chat:air-1002'),
    ('Вай-фай очень слабый, в спальне не ловит.', 'pain_point', 8, 'ru', 'chat:air-1003'),
    ('Cheers!', 'other', -1, 'en', 'chat:air-1004'),
    ('Opis dojścia do skrytki z kluczem kompletnie niezrozumiały, brama była zamknięta.', 'pain_point', 0, 'pl', 'chat:air-1006'),
    ('Спасибо!', 'other', -1, 'ru', 'chat:air-1007'),
    ('Thanks!', 'other', -1, 'en', 'chat:air-1009'),
    ('Thanks!', 'other', -1, 'en', 'chat:air-1010'),
    ('Хорошо, но есть минусы', 'other', -1, 'ru', 'review:reviews/booking_reviews_export.csv:0'),
    ('Код от ключницы не подошёл, полчаса стояли на улице с чемоданами.', 'pain_point', 0, 'ru', 'review:reviews/booking_reviews_export.csv:0'),
    ('Właściciel bardzo miły i pomocny, polecił świetne restauracje.', 'praise', 22, 'pl', 'review:reviews/booking_reviews_export.csv:3'),
    ('Очень приятный и внимательный хозяин, всё подсказал.', 'praise', 18, 'ru', 'review:reviews/booking_reviews_export.csv:7'),
    ('Lokalizacja idealna, wszędzie blisko.', 'praise', 21, 'pl', 'review:reviews/booking_reviews_export.csv:10'),
    ('Głośno do rana, imprezowicze na ulicy krzyczeli do czwartej.', 'pain_point', 1, 'pl', 'review:reviews/booking_reviews_export.csv:10'),
    ('Bardzo dobry', 'other', -1, 'pl', 'review:reviews/booking_reviews_export.csv:18'),
    ('Nie mam zastrzeżeń', 'praise', 20, 'pl', 'review:reviews/booking_reviews_export.csv:18'),
    ('Super lokalizacja, na Długi Targ dwie minuty pieszo.', 'praise', 19, 'pl', 'review:reviews/booking_reviews_export.csv:21'),
    ('Apartament wysprzątany na błysk.', 'other', -1, 'pl', 'review:reviews/booking_reviews_export.csv:25'),
    ('Dobrze, ale...', 'other', -1, 'pl', 'review:reviews/booking_reviews_export.csv:29'),
    ('Good but noisy', 'other', -1, 'en', 'review:reviews/booking_reviews_export.csv:32'),
    ('Internet kept dropping, hard to work remotely from the flat.', 'pain_point', 6, 'en', 'review:reviews/booking_reviews_export.csv:32'),
    ('The host was super helpful and gave us great restaurant tips.', 'praise', 22, 'en', 'review:reviews/booking_reviews_export.csv:36'),
    ('Mieszkanie nieskazitelnie czyste.', 'praise', 17, 'pl', 'review:reviews/booking_reviews_export.csv:40'),
    ('Clean and cosy, smelled fresh when we walked in.', 'praise', 20, 'en', 'review:reviews/booking_reviews_export.csv:43'),
    ('Radiators were cold, we had to sleep in our jackets.', 'pain_point', 3, 'en', 'review:reviews/booking_reviews_export.csv:43'),
    ('Very helpful and friendly host, answered all our questions.', 'praise', 18, 'en', 'review:reviews/booking_reviews_export.csv:47'),
    ('Super pobyt', 'other', -1, 'pl', 'review:reviews/booking_reviews_export.csv:51'),
    ('Lovely apartment', 'praise', 17, 'en', 'review:reviews/booking_reviews_export.csv:54'),
    ("Wi-Fi was very weak in the bedroom, couldn't even do a video call.", 'pain_point', 8, 'en', 'review:reviews/booking_reviews_export.csv:54'),
    ('Dobrze, ale...', 'other', -1, 'pl', 'review:reviews/booking_reviews_export.csv:62'),
    ('Perfect location, two minutes from the Main Square.', 'praise', 19, 'en', 'review:reviews/booking_reviews_export.csv:65'),
    ('Właściciel bardzo miły i pomocny, polecił świetne restauracje.', 'praise', 22, 'pl', 'review:reviews/booking_reviews_export.csv:68'),
    ('Very helpful and friendly host, answered all our questions.', 'praise', 18, 'en', 'review:reviews/booking_reviews_export.csv:72'),
    ("WiFi too slow for business, I had to use my phone's hotspot for meetings.", 'pain_point', 6, 'en', 'review:reviews/booking_reviews_export.csv:72'),
    ('Internet ciągle się rozłączał, nie dało się pracować zdalnie.', 'pain_point', 6, 'pl', 'review:reviews/booking_reviews_export.csv:78'),
    ('Отлично', 'other', -1, 'ru', 'review:reviews/booking_reviews_export.csv:85'),
    ('An extra 150 PLN cleaning fee at the end felt like a hidden cost.', 'pain_point', 5, 'en', 'review:reviews/booking_reviews_export.csv:87'),
    ('Bardzo dobry', 'other', -1, 'pl', 'review:reviews/booking_reviews_export.csv:92'),
    ('Would stay again.', 'other', -1, 'en', 'review:reviews/tripadvisor_reviews.csv:2'),
    ('Но горячая вода заканчивается через пять минут, бойлер маленький.', 'pain_point', 7, 'ru', 'review:reviews/tripadvisor_reviews.csv:4'),
    ('Ale okna nie wygłuszają, słychać każdą imprezę z baru obok.', 'other', -1, 'pl', 'review:reviews/tripadvisor_reviews.csv:6'),
    ('Nice flat, some issues.', 'praise', 17, 'en', 'review:reviews/tripadvisor_reviews.csv:9'),
    ('Would stay again.', 'other', -1, 'pl', 'review:reviews/tripadvisor_reviews.csv:13'),
    ('Not as expected', 'pain_point', 9, 'en', 'review:reviews/tripadvisor_reviews.csv:14'),
    ('Great value. But fourth floor without a lift is not OK for older guests, my mum struggled with the stairs and her suitcase.', 'pain_point', 4, 'en', 'review:reviews/tripadvisor_reviews.csv:19'),
    ("But couldn't sleep because of drunk people shouting in the street on Friday and Saturday.", 'other', -1, 'en', 'review:reviews/tripadvisor_reviews.csv:20'),
]
FAQ = [{"question": q, "answer": a, "line": i} for i, (q, a) in enumerate([
    ("Is there parking near the apartment?", "There is a paid public car park 300 m away."),
    ("Can I check in early or check out late?", "Early check-in from 12:00 and late check-out until 13:00 on request, "
     "subject to availability."),
    ("Do you offer an airport transfer?", "Yes, from Kraków Balice and Gdańsk airports, 150 zł per car."),
    ("Do you have a baby cot?", "Yes, free of charge, please let us know in advance."),
    ("Are pets allowed?", "Small pets are welcome for 50 zł per stay."),
    ("How does self check-in work?", "You will receive the key box code and instructions on the day of arrival."),
    ("Are there any extra fees (cleaning fee, city tax)?", "The cleaning fee is included; the city tax of 2 zł per "
     "person per night is paid on arrival."),
    ("Is there a lift in the building?", "Most buildings are historic tenements without a lift."),
    ("Do you issue invoices?", "Yes, send us your company details."),
], start=1)]


def _coverage():
    seg = pd.DataFrame(SEGMENTS, columns=["text", "kind", "theme_id", "lang", "doc_id"]).assign(is_customer=True)
    themes = seg[seg["theme_id"] >= 0].groupby("theme_id")["kind"].first().reset_index()
    ctx = Context(cfg=load_config(overrides={"embed": {"embedder": "e5-fast"}, "run": {"cache_dir": ""}}),
                  corpus=None, out=None, artifacts={})
    return faq_coverage(seg, get_embedder("e5-fast").embed(seg["text"].tolist()), themes, FAQ, ctx)


def test_members_are_ranked_among_questions_of_their_language_and_a_mutual_best_pair_by_the_mean_rank():
    cov = _coverage()
    lines = {t: m["line"] if m else None for t, m in cov["themes"].items()}
    # language-fair member ranks: the Russian airport question is the transfer entry's (it had been none)
    assert lines[16] == 3 and lines[11] == 3
    # a mutual best pair decided by the geometric mean of its ranks (0.99 and 0.84 had been "not asked")
    assert lines[13] == 4 and 0.9 <= cov["themes"][13]["score"] < 0.95
    assert 4 not in [u["line"] for u in cov["unmatched"]]
    assert (lines[12], lines[14]) == (2, 1)  # early check-in and parking, as before
