"""The report writer: slots become mentions, and retelling keeps them exact."""

from __future__ import annotations

import random

from linewatch.scenario import texts
from linewatch.scenario.texts import Mention, Say


def test_only_the_slots_a_sentence_uses_become_mentions() -> None:
    say = Say(random.Random(1))
    phone = Mention("Phone", "number", "07700 900123", "+447700900123")
    vrm = Mention("Vehicle", "vrm", "FN19", "FN19KXA")
    say("Texts from {phone}.", phone=phone, vrm=vrm)
    say("Again from {phone}.", phone=phone)
    assert say.text == "Texts from 07700 900123. Again from 07700 900123."
    assert say.mentions == [phone]


def test_crimestoppers_retells_in_the_third_person_and_keeps_the_mentions() -> None:
    rng = random.Random(4)
    body = Say(rng)
    place = Mention("Address", "full", "Cricket Lawns", "A0001")
    town = Mention("Address", "town", "Oakham", "town:Oakham")
    youth = Mention("Person", "street_name", "Kaz", "P0003")
    texts.cuckoo_neighbour(body, place, town, youth, None, "tenant")
    outer = Say(rng)
    texts.crimestoppers(outer, body)
    assert "I " not in outer.text and " me " not in outer.text
    assert set(body.mentions) <= set(outer.mentions)
    for m in outer.mentions:
        assert m.text in outer.text


def test_a_flare_names_its_brand_where_the_advert_does() -> None:
    say = Say(random.Random(2))
    brand = Mention("CountyLine", "brand", "Fizz", "L01")
    phone = Mention("Phone", "number", "O77OO 9OO123", "+447700900123")
    town = Mention("Address", "town", "Uppingham", "town:Uppingham")
    texts.flare_received(say, phone, brand, "{brand} out now b+w. fast drop", town)
    assert "Fizz out now" in say.text
    assert brand in say.mentions and phone in say.mentions
