"""The words of intelligence reports, in the voice of each channel.

Each writer takes a ``Say`` (which builds the text and records every entity it names, as
written) and the facts of the moment, and says them the way a worried neighbour, a call
handler, a housing officer, a school's safeguarding lead, a drug worker, an officer or a
neighbouring force's analyst would. Entities only ever enter the text through ``Say`` slots,
so a report's mentions are exactly the entities its text names.
"""

from __future__ import annotations

import random
import re
import string
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mention:
    schema: str
    prop: str
    text: str
    # What the words refer to: an E.164 number, a normalised VRM, a person, address or line key.
    entity: str


@dataclass
class Say:
    rng: random.Random
    sentences: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)

    def __call__(self, *templates: str, **slots: Mention | str) -> None:
        """Say one of ``templates`` with its slots filled; a Mention slot is recorded."""
        template = self.rng.choice(templates)
        used = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        values = {k: v.text if isinstance(v, Mention) else v for k, v in slots.items()}
        self.sentences.append(template.format(**values))
        for key in sorted(used):
            slot = slots[key]
            if isinstance(slot, Mention) and slot not in self.mentions:
                self.mentions.append(slot)

    def maybe(self, p: float, *templates: str, **slots: Mention | str) -> None:
        if self.rng.random() < p:
            self(*templates, **slots)

    @property
    def text(self) -> str:
        return " ".join(s.strip() for s in self.sentences if s.strip())


# ---- the public: web form, 101, Crimestoppers ---------------------------------------------


def flare_received(say: Say, phone: Mention, brand: Mention, advert: str, town: Mention) -> None:
    """``advert`` is the flare's wording with a ``{brand}`` slot for the line's name."""
    words = advert.format(brand=brand.text)
    say(
        "My son is 15 and keeps getting texts from {phone}. Today it said '{words}'.",
        "I got a random text off {phone} saying '{words}'. I don't know who they are.",
        "Someone at work showed me texts from {phone} advertising drugs: '{words}'.",
        phone=phone,
        words=words,
    )
    if "{brand}" in advert and brand not in say.mentions:
        say.mentions.append(brand)
    say.maybe(
        0.6,
        "It's the {brand} line, everyone in {town} knows that number.",
        "They call it {brand}. The texts come most days around dinner time.",
        "The same message seems to go to loads of people at once.",
        brand=brand,
        town=town,
    )
    say.maybe(
        0.5,
        "Please can someone look into it before a kid gets hurt.",
        "I have screenshots if needed.",
        "I don't want my name on this.",
    )


def cuckoo_neighbour(
    say: Say,
    place: Mention,
    town: Mention,
    youth: Mention | None,
    vrm: Mention | None,
    tenant_word: str,
) -> None:
    say(
        "There are people in and out of {place} all hours, they only stay a couple of minutes.",
        "Constant visitors at {place} in {town}, day and night, knocking and leaving quickly.",
        "I live near {place}. Since a few weeks ago there's been young lads there who aren't "
        "from round here.",
        "Something is going on at {place}. Cars pull up, someone runs in, two minutes later "
        "they're gone.",
        place=place,
        town=town,
    )
    say.maybe(
        0.7,
        "The {who} who lives there is vulnerable and I haven't seen them in ages.",
        "I think they've taken over the {who}'s flat. They look frightened.",
        "The {who} there has problems and I think these lads are using the place.",
        who=tenant_word,
    )
    if youth is not None:
        say(
            "One of the lads is called {youth}, he has a city accent.",
            "I heard them call one of them {youth}.",
            "A tall lad they call {youth} seems to be in charge.",
            youth=youth,
        )
    if vrm is not None:
        say(
            "A car keeps dropping them off, reg {vrm}.",
            "There's a dark car that comes and goes, I got part of the plate: {vrm}.",
            "Grey hatchback, registration something like {vrm}.",
            vrm=vrm,
        )
    say.maybe(
        0.4,
        "There's a strong smell of weed and something else.",
        "I've found needles by the bins.",
        "I saw one of them with a big knife in his waistband.",
        "The door has been kicked in at least once.",
    )


def dealing_seen(
    say: Say, place: Mention, town: Mention, vrm: Mention | None, youth: Mention | None
) -> None:
    say(
        "Drug dealing happening near {place}, {town}. Same routine every evening.",
        "Young lads hanging round {place} doing hand to hand swaps with people who pull up.",
        "I walk my dog past {place} and see deals going on most nights.",
        place=place,
        town=town,
    )
    if vrm is not None:
        say(
            "The car involved is {vrm}.",
            "Car used: {vrm}, always parked up with the engine on.",
            "Same vehicle each time, plate begins {vrm}.",
            vrm=vrm,
        )
    if youth is not None:
        say.maybe(
            0.8,
            "One of them answers to {youth}.",
            "The younger one is called {youth}.",
            youth=youth,
        )
    say.maybe(
        0.5,
        "They look about 15 or 16 and not from the area.",
        "They had wads of cash on them.",
        "Kids should be in school.",
    )


# ---- the 101 call handler's notes ----------------------------------------------------------


def call_handler(say: Say, body: Say) -> None:
    say("Caller reports:", "CALLER STATES", "Informant states")
    say.sentences.append(body.text)
    for m in body.mentions:
        if m not in say.mentions:
            say.mentions.append(m)
    say(
        "Caller wishes to remain anonymous. Advised to call 999 if in immediate danger.",
        "Caller did not want a call back. Passed to the local NPT.",
        "No crime number. Intel report submitted for the FIB.",
    )


# Crimestoppers passes reports on in the third person.
_THIRD_PERSON = (
    ("I've ", "the source has "),
    ("I don't ", "the source does not "),
    ("I haven't ", "the source has not "),
    ("I think ", "the source thinks "),
    ("I have ", "the source has "),
    ("I live ", "the source lives "),
    ("I walk ", "the source walks "),
    ("I got ", "the source got "),
    ("I heard ", "the source heard "),
    ("I saw ", "the source saw "),
    ("I ", "the source "),
    ("My ", "the source's "),
    (" my ", " the source's "),
    (" me ", " the source "),
)
_SENTENCE_START = re.compile(r"(^|[.!?]\s+)the source")


def crimestoppers(say: Say, body: Say) -> None:
    say("Information received by Crimestoppers:", "Crimestoppers report (anonymous source):")
    text = body.text
    for first, third in _THIRD_PERSON:
        text = text.replace(first, third)
    say.sentences.append(_SENTENCE_START.sub(lambda m: m.group(1) + "The source", text))
    for m in body.mentions:
        if m not in say.mentions:
            say.mentions.append(m)
    say("The source does not wish to be contacted.", "No further details are known.")


# ---- partner agencies ----------------------------------------------------------------------


def housing(
    say: Say, tenant: Mention, place: Mention, postcode: Mention, youth: Mention | None
) -> None:
    say(
        "Tenancy visit to {place}, {postcode}. Tenant {tenant} has a learning disability and "
        "support needs.",
        "Housing officer visit to {tenant} at {place} ({postcode}) following neighbour complaints.",
        "Concern raised by the estate officer about {tenant}, {place}, {postcode}.",
        tenant=tenant,
        place=place,
        postcode=postcode,
    )
    say(
        "Two young males were in the flat and answered the door; tenant appeared anxious and "
        "said they were 'friends'.",
        "Tenant disclosed that 'some lads' have been staying and they can't get them to leave.",
        "Flat in poor condition, bedding in the living room, several phones charging.",
    )
    if youth is not None:
        say.maybe(
            0.8,
            "One male gave his name as {youth}.",
            "The tenant referred to one of them as {youth}.",
            youth=youth,
        )
    say.maybe(
        0.6,
        "Rent now in arrears; tenant says his bank card is 'with a mate'.",
        "Neighbours report knocking through the night.",
        "We believe the tenant may be a victim of cuckooing.",
    )


def adult_care(say: Say, tenant: Mention, place: Mention, phone: Mention | None) -> None:
    say(
        "Adult safeguarding concern for {tenant} of {place}.",
        "Our client {tenant} ({place}) has care and support needs and is known to us.",
        tenant=tenant,
        place=place,
    )
    say(
        "Carer reports unknown young people at the property on three visits; client missing "
        "medication.",
        "Support worker could not get in; voices inside; client later said they had 'visitors "
        "from the city'.",
        "Client appears to have lost weight and is withdrawn. Door damaged.",
    )
    if phone is not None:
        say.maybe(
            0.7,
            "A number written on the kitchen calendar: {phone}.",
            "The 'friends' gave the client a phone that keeps ringing: {phone}.",
            phone=phone,
        )
    say(
        "We are opening a s.42 enquiry and request a police welfare check.",
        "Please advise whether police hold information on this address.",
    )


def school(
    say: Say,
    pupil: Mention,
    phone: Mention | None,
    vrm: Mention | None,
    nickname: Mention | None,
    place: Mention,
) -> None:
    say(
        "Designated safeguarding lead referral regarding {pupil} (Year 11).",
        "School safeguarding concern: pupil {pupil}.",
        "Referral from DSL about {pupil}, Year 10.",
        pupil=pupil,
    )
    say(
        "Attendance has dropped sharply; he has been missing from home twice and was found "
        "in {place}.",
        "He has new designer clothes and two phones, and was seen getting into cars after "
        "school near {place}.",
        place=place,
    )
    if phone is not None:
        say.maybe(
            0.8,
            "Staff saw messages from {phone} saved as 'Boss'.",
            "His second phone number is {phone}.",
            phone=phone,
        )
    if vrm is not None:
        say.maybe(0.7, "An older male collects him in a car, reg {vrm}.", vrm=vrm)
    if nickname is not None:
        say.maybe(0.6, "Other pupils say he goes by {nickname} now.", nickname=nickname)


def health(say: Say, client: Mention, brand: Mention, phone: Mention) -> None:
    say(
        "Our client {client} disclosed buying heroin and crack from the {brand} line.",
        "Recovery worker note: {client} says she scores from '{brand}'.",
        client=client,
        brand=brand,
    )
    say("Number given: {phone}.", "Client showed us the number, {phone}.", phone=phone)
    say.maybe(
        0.6,
        "Runners deliver within 20 minutes, often young lads on bikes.",
        "Client says they give credit and then threaten people who owe.",
    )


# ---- officers and neighbouring forces ------------------------------------------------------


def officer_stop(
    say: Say,
    vrm: Mention,
    road: Mention,
    town: Mention,
    driver: Mention,
    passenger: Mention | None,
    phone: Mention | None,
    hub: Mention,
    clock: str,
) -> None:
    say(
        "Stopped {vrm} on the {road} near {town} after an ANPR activation.",
        "At {clock} I stopped vehicle {vrm} heading towards {town} on the {road}.",
        "Vehicle {vrm} stopped on {road}; occupants evasive.",
        vrm=vrm,
        road=road,
        town=town,
        clock=clock,
    )
    say(
        "Driver gave his name as {driver} and said he was from {hub}, 'visiting a mate'.",
        "Driver identified as {driver} ({hub} address).",
        driver=driver,
        hub=hub,
    )
    if passenger is not None:
        say(
            "Rear passenger, a youth who gave the name {passenger}, would not give an age.",
            "Front passenger: {passenger}, appeared under 18.",
            passenger=passenger,
        )
    say(
        "Search under s.23 MDA: £{cash} in cash and three phones; no drugs found.",
        "Strong smell of cannabis; £{cash} cash in the centre console; a lock knife in the door "
        "pocket.",
        cash=str(say.rng.choice([340, 620, 880, 1150, 1900])),
    )
    if phone is not None:
        say.maybe(
            0.8,
            "One phone rang repeatedly, display showed {phone}.",
            "Driver's phone number given as {phone}.",
            phone=phone,
        )


def officer_sighting(say: Say, person: Mention, place: Mention, town: Mention) -> None:
    say(
        "On patrol I saw {person} leaving {place}, {town}, with two youths I did not know.",
        "{person} seen again at {place} in {town}; known to be linked to supply.",
        "Sighting: {person} outside {place}, {town}, on a phone, looking up and down the road.",
        person=person,
        place=place,
        town=town,
    )
    say.maybe(
        0.5, "He walked off when he saw the marked car.", "Nothing further; intelligence only."
    )


def neighbouring(
    say: Say,
    brand: Mention,
    holder: Mention,
    phone: Mention,
    hub: Mention,
    town: Mention,
    vrm: Mention | None,
) -> None:
    say(
        "Intelligence indicates that a line known as {brand} is run from {hub} by a male known as "
        "{holder}.",
        "It is reported that {holder} controls a deal line known as {brand}, supplying Class A "
        "drugs into {town}.",
        "Sanitised: a line named {brand} is operated by {holder} ({hub}).",
        brand=brand,
        holder=holder,
        hub=hub,
        town=town,
    )
    say(
        "The line number is believed to be {phone}.",
        "The number in use for the line is {phone}.",
        phone=phone,
    )
    if vrm is not None:
        say.maybe(
            0.7,
            "Runners are driven to {town} in {vrm}.",
            "Associated vehicle: {vrm}.",
            vrm=vrm,
            town=town,
        )
    say.maybe(
        0.6,
        "Youths from {hub} are rotated into {town} for a week at a time.",
        "Cash is collected weekly.",
        hub=hub,
        town=town,
    )


# ---- what looks like County Lines but is not -----------------------------------------------


def taxi_office(say: Say, business: str, place: Mention, town: Mention) -> None:
    say(
        "Loads of cars pulling up outside {place} in {town} all evening, people jumping in "
        "and out. Could it be drugs?",
        "Suspicious activity near {place}, {town}: cars coming and going till 3am.",
        place=place,
        town=town,
    )
    say(
        "I think it might be the {business} office but not sure.",
        "There's a {business} sign but it seems very busy.",
        business=business,
    )


def noisy_texts(say: Say, phone: Mention) -> None:
    say(
        "My teenager gets hundreds of texts a day from {phone}. Is this grooming?",
        "Worried about the number {phone}, it messages my daughter constantly.",
        phone=phone,
    )
    say.maybe(0.5, "She says it's just her friend but I'm not sure.", "I don't want to overreact.")


def bulk_offer(say: Say, phone: Mention, business: str) -> None:
    say(
        "I got a group text from {phone} offering '2 for 1'. Is this one of these drug lines?",
        "Received a mass text from {phone} about a deal. Looks dodgy.",
        phone=phone,
    )
    say.maybe(0.7, "Might be {business} but they've never texted before.", business=business)


def antisocial(say: Say, place: Mention, town: Mention, vrm: Mention | None) -> None:
    say(
        "Youths gathering at {place} in {town}, shouting and playing music.",
        "Kids on bikes doing wheelies around {place}, {town}.",
        "Group of teenagers drinking at {place} in {town} every Friday.",
        place=place,
        town=town,
    )
    if vrm is not None:
        say.maybe(0.6, "A car, {vrm}, was doing doughnuts in the car park.", vrm=vrm)
