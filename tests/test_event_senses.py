"""Misread events on the example corpus: words of force used of words, lobbying and demands."""

from __future__ import annotations

from sitrep import nlp
from sitrep.extract.events.where import event_place
from sitrep.extract.places import extract_places
from sitrep.link.events import fuse_events
from sitrep.records import Article, Event, PlaceMention
from test_event_attrs import article, event
from test_events import code


def _by_trigger(events: list[Event], word: str) -> Event:
    return next(e for e in events if e.trigger.text == word)


def test_an_oval_office_clash_of_two_leaders_is_words_not_an_assault() -> None:
    events = code(
        "The United States announced last week that it would cease military aid and intelligence "
        "sharing with Ukraine, following the Oval Office clash between U.S. President Donald Trump "
        "and Ukrainian President Volodymyr Zelenskyy on Feb. 28."
    )
    clash = _by_trigger(events, "clash")
    assert clash.type == "ACCUSE"
    assert clash.actor is not None and clash.actor.name == "Donald Trump"


def test_a_clash_of_troops_stays_an_assault() -> None:
    events = code("Ukrainian and Russian troops clashed near Pokrovsk.")
    assert _by_trigger(events, "clashed").type == "ASSAULT"
    assert _by_trigger(code("Putin attacked Ukraine."), "attacked").type == "ASSAULT"


def test_pushing_for_a_deal_is_lobbying_and_pushing_into_a_village_an_advance() -> None:
    lobby = code(
        "Trump's rhetoric, meanwhile, has bent toward the Kremlin's version of events in Ukraine "
        "as he pushes for a deal."
    )
    assert all(e.type != "ASSAULT" for e in lobby)
    assert _by_trigger(code("Trump pushed Zelenskyy to sign the minerals deal."), "pushed").type == "REQUEST"
    assert _by_trigger(code("Russian forces pushed into the village of Sudzha."), "pushed").type == "ASSAULT"


def test_hitting_with_sanctions_striking_deals_and_attacking_plans() -> None:
    assert _by_trigger(code("The US hit Russia with new sanctions."), "hit").type == "SANCTION"
    assert _by_trigger(code("Trump struck a deal with Putin."), "struck").type == "AGREE"
    assert (
        _by_trigger(code("Zelenskyy attacked the proposal as a gift to Moscow."), "attacked").type == "ACCUSE"
    )
    assert not code("He said they could do very bad things, devastating for Russia.")
    missiles = _by_trigger(code("Russian missiles hit Odesa overnight, killing four people."), "hit")
    assert missiles.type == "ASSAULT"


def test_naming_is_no_call_and_hammering_out_a_deal_no_assault() -> None:
    named = code(
        "Trump hoped the Kremlin would agree to the proposal for a 30-day cease-fire to end what Trump "
        "called the bloodbath in Ukraine."
    )
    assert all(e.trigger.text != "called" for e in named)
    deal = code("Putin may drag out talks until Moscow and Kyiv hammer out a peace deal.")
    assert _by_trigger(deal, "hammer").type == "CONSULT"


def test_a_concession_ukraine_would_have_to_make_is_no_retreat_that_happened() -> None:
    events = code(
        "Over the weekend Trump's national security adviser, Michael Waltz, said that Ukraine would "
        'have to surrender "some type of territory" in a peace deal.'
    )
    assert _by_trigger(events, "surrender").status == "hypothetical"
    done = code("Ukrainian troops had to withdraw from Sudzha.")
    assert _by_trigger(done, "withdraw").status == "occurred"


def test_the_of_phrase_of_a_retreat_is_who_retreats() -> None:
    events = code(
        "Moscow's aims, including a retreat of NATO from Russia's borders, haven't changed since 2021."
    )
    retreat = _by_trigger(events, "retreat")
    assert retreat.actor is not None and retreat.actor.name == "NATO"
    assert retreat.target is None
    invasion = _by_trigger(code("The invasion of Ukraine began in 2022."), "invasion")
    assert invasion.target is not None and invasion.target.country == "UKR"


def test_stopping_the_fighting_is_a_ceasefire_not_an_assault_by_the_speaker() -> None:
    # seed 004: Rubio's words after the Jeddah talks
    events = code(
        "The Ukrainians are ready to stop the fighting, they are ready to cease fire, they are ready to "
        'sit at the table," he told reporters after talks with Kyiv.'
    )
    assert all(e.type != "ASSAULT" for e in events)
    stop = _by_trigger(events, "stop")
    assert stop.type == "RETREAT" and stop.mode == "ceasefire" and stop.status == "planned"
    hope = code("We hope that we can stop all these hostilities and get to the negotiating table.")
    assert all(e.type != "ASSAULT" for e in hope)


def test_ending_the_war_named_as_a_priority_is_an_aim_not_a_ceasefire_that_happened() -> None:
    events = code("Trump has made ending the war in Ukraine a top policy priority.")
    ending = _by_trigger(events, "ending")
    assert ending.type == "RETREAT" and ending.status == "planned" and ending.target is None


def test_a_meeting_venue_is_no_party_to_the_meeting() -> None:
    events = code(
        "Trump and Zelenskyy intended to sign the deal during their meeting at the Oval Office on February 28."
    )
    meeting = _by_trigger(events, "meeting")
    assert meeting.type == "CONSULT" and meeting.target is None


def test_an_act_someone_is_pressed_to_do_has_not_happened() -> None:
    events = code(
        "After agreeing earlier this month to a cease-fire plan promoted by the U.S., Ukrainian "
        "President Volodymyr Zelensky has called on the U.S. to exert pressure on Russia to end the war."
    )
    end = _by_trigger(events, "end")
    assert end.type == "RETREAT" and end.status != "occurred"
    began = _by_trigger(code("Russian troops began to withdraw from Sudzha."), "withdraw")
    assert began.status == "occurred"


def _placed(text: str, word: str, kind: str | None = None) -> str | None:
    """The text of the place the stage gives the event ``word`` triggers (of type ``kind``)."""
    article = Article(id="p", source="p", text=text, content_hash="p", published="2025-03-14")
    doc = nlp.load()(text)
    places = extract_places(article, doc)
    found = event_place(next(t for t in doc if t.text == word), places, kind)
    return found.text if found is not None else None


def test_a_place_from_another_clause_or_phrase_is_not_the_events() -> None:
    # VOA, 14 March: the Indo-Pacific is where the US presence is, not where the war is
    pacific = (
        "A potential ceasefire in the Russia-Ukraine war could affect the U.S. presence in the "
        "Indo-Pacific, as officials and analysts suggest that ending the conflict would allow Washington "
        "to redirect resources."
    )
    assert _placed(pacific, "ceasefire") is None and _placed(pacific, "war") is None
    # "US aid" is whose aid, not where the suspension was
    aid = "Zelenskyy agreed to the cease-fire, following a days-long suspension in US aid to the country."
    assert _placed(aid, "suspension") is None
    # but the clause of a strike verb is the strikes' own, and a place name may modify "place"
    assert (
        _placed("Two Russian missile strikes hit the city of Kryviy Rih on March 12.", "strikes")
        == "Kryviy Rih"
    )
    seized = "Kyiv seized a expanse of the Kursk place in a stealth invasion in August."
    assert _placed(seized, "seized") == "Kursk"


def test_the_object_of_a_speech_act_is_its_addressee_not_its_place() -> None:
    # seed 003: Putin "urged Kyiv to get them to do so"; Kyiv is asked, nothing happened there
    urged = (
        "Responding to Trump's petition on March 14, he said the military's life may be spared if they "
        "surrendered and urged Kyiv to get them to do so."
    )
    assert _by_trigger(code(urged), "urged").type == "REQUEST"
    assert _placed(urged, "urged", "REQUEST") is None
    # an act done to a place still happens there
    assert _placed("Russian missiles struck Kyiv overnight.", "struck", "ASSAULT") == "Kyiv"
    assert _placed("Rubio visited Kyiv on Monday.", "visited", "CONSULT") == "Kyiv"


def test_a_call_planned_for_a_day_is_consult_not_a_call_on_someone() -> None:
    # "on Tuesday" is when the call is, not the phrasal verb "call on" (a request)
    call = _by_trigger(code("Trump will call Putin on Tuesday."), "call")
    assert call.type == "CONSULT" and call.status == "planned"
    assert call.actor is not None and call.actor.country == "USA"
    assert call.target is not None and call.target.country == "RUS"
    asked = _by_trigger(code("Trump called on Putin to stop the attacks."), "called")
    assert asked.type == "REQUEST"


def test_an_office_holders_name_matches_in_any_transliteration() -> None:
    # seed spelling "Zelenskyy", office-holder entry "Volodymyr Zelensky"; the parser takes the
    # bare surname at the start of a sentence for a common noun
    met = _by_trigger(code("Zelenskyy met Rubio in Jeddah."), "met")
    assert met.actor is not None and met.actor.country == "UKR" and met.actor.name == "Zelenskyy"
    assert met.target is not None and met.target.country == "USA"
    agreed = _by_trigger(code("Zelenskiy has already agreed to the cease-fire agreement."), "agreed")
    assert agreed.actor is not None and agreed.actor.country == "UKR"


# --------------------------------------------------------------------------- fusion


def _moscow(a: Article) -> PlaceMention:
    start = a.text.index("Moscow for discussions")
    return PlaceMention(a.id, start, start + 6, "Moscow", "Moscow", "city", "RUS", 55.75, 37.62)


def test_a_visit_does_not_take_a_place_in_another_country_from_other_talks() -> None:
    # "This marks Rubio's second visit to Saudi Arabia" (VOA, 10 March) and "Trump said Tuesday that
    # he had representatives on their way to Moscow for discussions" (VOA, 12 March)
    visit_in, talks_in = article("8005899"), article("8008456")
    moscow = _moscow(talks_in)
    visit = event(
        visit_in, "second visit to Saudi Arabia", "CONSULT", "USA", "SAU", "2025-03-10", mode="visit"
    )
    talks = event(talks_in, "on their way to Moscow for discussions", "CONSULT", None, None, "2025-03-11",
                  "relative", place_id=moscow.id, lat=moscow.lat, lon=moscow.lon)  # fmt: skip
    arts = {a.id: a for a in (visit_in, talks_in)}
    fused, mapping = fuse_events([visit, talks], arts, places={moscow.id: moscow})
    assert mapping[visit.id] != mapping[talks.id]
    trip = next(f for f in fused if f.id == mapping[visit.id])
    assert trip.place_id is None and trip.target is not None and trip.target.country == "SAU"


def test_a_concession_demanded_does_not_fuse_with_a_withdrawal_that_happened() -> None:
    seed = article("002")
    demanded = event(seed, "Ukraine would have to surrender", "RETREAT", "UKR", None, "2025-03-16",
                     "relative", status="hypothetical", mode="disarm")  # fmt: skip
    withdrew = event(seed, "Ukrainian troops withdrew", "RETREAT", "UKR", None, "2025-03-16", "relative")
    fused, mapping = fuse_events([demanded, withdrew], {seed.id: seed})
    assert len(fused) == 2 and mapping[demanded.id] != mapping[withdrew.id]


def test_a_claim_that_another_side_acted_is_an_accusation_of_that_side() -> None:
    # PETRARCH validation sentence (CAMEO 112): the US accuses ISIL; the attack itself is claimed
    charge = _by_trigger(
        code("The US claimed that ISIL had attacked Iraq and taken the city of Mosul"), "claimed"
    )
    assert charge.type == "ACCUSE"
    assert charge.actor is not None and charge.actor.country == "USA"
    assert charge.target is not None and charge.target.name == "ISIL"
    # a claim about one's own act is a report of it, no charge
    own = code("Russia claimed it had captured the village.")
    assert [e.type for e in own] == ["ASSAULT"] and own[0].status == "claimed"


def test_a_group_of_weapons_and_attacked_positions_are_assaults() -> None:
    drones = _by_trigger(code("Kyiv launched dozens of drones at Russian oil refineries."), "launched")
    assert (drones.type, drones.mode) == ("ASSAULT", "drone")
    assert drones.actor is not None and drones.actor.country == "UKR"
    assert drones.target is not None and drones.target.country == "RUS"
    # "positions" on a front line are no stance to criticise
    assert _by_trigger(code("Russian troops attacked Ukrainian positions."), "attacked").type == "ASSAULT"


def test_a_sanction_on_a_capital_is_aimed_at_its_state_not_placed_there() -> None:
    text = "Washington imposed new sanctions on Tehran."
    sanctions = _by_trigger(code(text), "sanctions")
    assert sanctions.target is not None and sanctions.target.country == "IRN"
    assert _placed(text, "sanctions", "SANCTION") is None
    assert _placed("Russian missiles hit Kyiv, killing four.", "hit", "ASSAULT") == "Kyiv"


def test_condemning_an_attack_is_aimed_at_the_attacker() -> None:
    condemned = _by_trigger(code("Zelenskyy condemned the Russian attack on Sumy."), "condemned")
    assert condemned.type == "ACCUSE"
    assert condemned.target is not None and condemned.target.country == "RUS"


def test_generic_heads_and_numbers_say_what_the_act_is() -> None:
    # PLOVER GSR (tuning half): ending a mediation is breaking off talks (CAMEO 164, SANCTION)
    ended = code(
        "Syrian officers today ended mediation efforts between rival militias in Tripoli as shells "
        "continued crashing into the north Lebanese port."
    )
    assert _by_trigger(ended, "ended").type == "SANCTION"
    games = code(
        "French and Egyptian warships on Monday launched 10 days of war games in the Mediterranean Sea."
    )
    exercise = _by_trigger(games, "games")
    assert exercise.type == "COOPERATE" and not any(e.type == "MOBILIZE" for e in games)
    assert exercise.actor is not None and exercise.actor.country == "FRA"
    # who launches a mediation between two sides acts; the sides are its targets
    emir = code(
        "Qatar's emir, Sheikh Hamad bin Khalifa al-Thani launched a mediation effort on Saturday between "
        "the Emirates and Saudi Arabia."
    )
    effort = _by_trigger(emir, "effort")
    assert effort.type == "CONSULT" and effort.actor is not None and effort.actor.country == "QAT"


def test_a_governor_of_an_act_codes_as_a_governor() -> None:
    # "swear" alone is an insult in CAMEO; sworn to fight is a vow of force, a threat
    sworn = code("Ethnic Albanians have sworn to fight until they gain control of villages near the border.")
    assert [e.type for e in sworn] == ["THREATEN"]


def test_lifting_sanctions_eases_them_and_names_their_target() -> None:
    # CAMEO 085 (RETREAT/ease), not an intent (03x) turned into a threat by its hostile object
    lifted = _by_trigger(code("The EU lifted sanctions on Belarus."), "lifted")
    assert (lifted.type, lifted.status) == ("RETREAT", "occurred")
    assert lifted.actor is not None and lifted.actor.country == "IGO"  # "EU": Phoenix's European Union
    assert lifted.target is not None and lifted.target.country == "BLR"


def test_a_demand_is_aimed_at_its_clauses_subject_and_a_short_name_is_no_acronym() -> None:
    demand = _by_trigger(code("Erdogan demanded that Sweden extradite the suspects."), "demanded")
    assert demand.type == "REQUEST" and demand.target is not None and demand.target.country == "SWE"
    vow = _by_trigger(code("Kim Jong Un vowed to strengthen his nuclear arsenal."), "vowed")
    assert vow.actor is None or vow.actor.country != "IGO"  # "Un" is not the UN


def test_expelling_envoys_cuts_relations_and_expelling_people_deports_them() -> None:
    # CAMEO 166 (SANCTION/expel) and 174 (COERCE/deport)
    assert _by_trigger(code("Russia expelled American diplomats."), "expelled").type == "SANCTION"
    inspectors = code("North Korea expelled inspectors of the International Atomic Energy Agency.")
    assert _by_trigger(inspectors, "expelled").type == "SANCTION"
    migrants = _by_trigger(code("The government expelled hundreds of migrants."), "expelled")
    assert (migrants.type, migrants.mode) == ("COERCE", "deport")


def test_coercion_by_a_crowd_is_a_riot_but_its_armed_attack_an_assault() -> None:
    # PETRARCH validation sentences: CAMEO 145 (violent protest) and 194
    riot = _by_trigger(code("The Russian building was demolished by a Ukrainian protestor."), "demolished")
    assert (riot.type, riot.mode) == ("PROTEST", "riot")
    assert riot.actor is not None and riot.actor.country == "UKR"
    missiles = code("Georgian demonstrators launched missiles at the Georgian government.")
    assert _by_trigger(missiles, "launched").type == "ASSAULT"


def test_blowing_up_property_is_coercion_unless_it_kills() -> None:
    # PLOVER COERCE "destroy property" (PLOVER GSR, tuning half), ASSAULT once people are killed
    lines = code("Afghan guerillas blew up three main electric power lines leading into Kabul last month.")
    assert (_by_trigger(lines, "blew").type, _by_trigger(lines, "blew").mode) == ("COERCE", "destroy")
    bus = _by_trigger(code("A suicide bomber blew up a bus in Jerusalem, killing 20 people."), "blew")
    assert bus.type == "ASSAULT" and bus.fatalities == 20


def test_summoning_an_envoy_is_a_protest_aimed_at_the_envoys_state() -> None:
    summoned = _by_trigger(
        code("Poland summoned the Russian ambassador after the drone incursion."), "summoned"
    )
    assert (summoned.type, summoned.mode) == ("ACCUSE", "disapprove")
    assert summoned.target is not None and summoned.target.country == "RUS"


def test_a_nationwide_strike_is_a_protest_and_joint_exercises_cooperation() -> None:
    strike = code("Indian opposition parties staged a nationwide strike to protest fuel price rises.")
    assert _by_trigger(strike, "strike").type == "PROTEST"
    assert _by_trigger(code("Russian jets carried out a strike on Kharkiv."), "strike").type == "ASSAULT"
    drills = code("Russia and China began joint military exercises on Monday in the Yellow Sea.")
    assert _by_trigger(drills, "exercises").type == "COOPERATE"


def test_troops_moved_to_a_border_or_put_on_alert_are_mobilized() -> None:
    moved = code("India moved troops to its border with Pakistan.")
    assert _by_trigger(moved, "moved").type == "MOBILIZE"
    assert _by_trigger(code("North Korea placed its army on a war footing."), "placed").type == "MOBILIZE"
    # "move" governing a verb stays transparent: the governed act is the event
    assert all(e.trigger.text != "moved" for e in code("Russia moved to expel the envoys."))


def test_vague_cameo_defaults_code_no_event() -> None:
    # CAMEO files "benefit", "improve" and "affect" under cooperation and support
    assert not code("The new rules will benefit farmers, improve yields and affect prices.")
    assert not code("Officials will oversee the vote and handle the count.")


def test_an_organ_of_an_international_body_takes_the_body_s_code() -> None:
    [demand] = [
        e
        for e in code(
            "The United Nations Security Council demanded that Israel halt settlement construction."
        )
        if e.type == "REQUEST"
    ]
    assert demand.actor is not None and demand.actor.country == "IGO"


def test_a_loosely_matched_gazetteer_place_takes_the_country_phoenix_names() -> None:
    # the gazetteer reads "Sinai" as Sinnai, Italy
    [rally] = code("Bedouin protesters rallied in the Sinai on Monday.")
    assert rally.type == "PROTEST" and rally.actor is not None and rally.actor.country == "EGY"


def test_an_ethnic_group_acting_in_a_country_is_of_that_country() -> None:
    [demo] = [
        e
        for e in code("Up to 100 ethnic Albanians demonstrated on Tuesday in Serbia.")
        if e.type == "PROTEST"
    ]
    assert demo.actor is not None and demo.actor.country == "SRB"
    [own] = [e for e in code("Albanian farmers demonstrated on Tuesday in Serbia.") if e.type == "PROTEST"]
    assert own.actor is not None and own.actor.country == "ALB"


def test_an_arabic_name_is_found_without_its_article() -> None:
    [lift] = code("President Omar El Bashir on Thursday shortened the nightly curfew.")
    assert lift.actor is not None and lift.actor.country == "SDN"


def test_readiness_to_resume_talks_is_a_plan() -> None:
    [talks] = [
        e for e in code("Pakistan said it was ready to resume peace talks with India.") if e.type == "CONSULT"
    ]
    assert talks.status == "planned"
    [neg] = [
        e for e in code("Russia expressed willingness to negotiate with Ukraine.") if e.type == "CONSULT"
    ]
    assert neg.status == "planned"


def test_a_released_report_frees_nobody_and_an_exercise_of_power_mobilizes_none() -> None:
    assert all(e.type != "RETREAT" for e in code("The ministry released a report on the economy on Monday."))
    assert all(e.type != "RETREAT" for e in code("A report released Tuesday said prices rose."))
    assert _by_trigger(code("Rebels released 12 hostages on Sunday."), "released").type == "RETREAT"
    assert all(e.type != "MOBILIZE" for e in code("The court limited the exercise of presidential power."))
    assert _by_trigger(code("China held naval exercises near Taiwan."), "exercises").type == "MOBILIZE"


def test_evacuating_people_is_aid_and_troops_evacuating_a_town_a_retreat() -> None:
    aid = code("The navy evacuated 300 foreign nationals from the port on Sunday.")
    assert _by_trigger(aid, "evacuated").type == "AID"
    left = code("Government troops evacuated the town on Sunday.")
    assert _by_trigger(left, "evacuated").type == "RETREAT"


def test_the_main_event_is_the_finite_verb_when_a_participle_was_parsed_as_root() -> None:
    from sitrep.extract.events import primary

    text = "The civilians imprisoned for acting against Moscow were released yesterday by Putin himself"
    doc = nlp.load()(text)
    main = primary(code(text), doc)
    assert main is not None and main.type == "RETREAT"
    # a true coordination keeps its first verb as the main one
    both = "Protesters marched through the capital and were arrested by police."
    first = primary(code(both), nlp.load()(both))
    assert first is not None and first.type == "PROTEST"


def test_former_and_other_names_of_international_bodies_are_igos() -> None:
    [aid] = [
        e
        for e in code("The European Community on Monday gave the Ivory Coast 5.1 million dollars of aid.")
        if e.trigger.text == "gave"
    ]
    assert aid.actor is not None and aid.actor.country == "IGO"
    [demand] = [
        e
        for e in code(
            "The International Labor Office (ILO) reiterated its demand that Israel ease restrictions."
        )
        if e.type == "REQUEST"
    ]
    assert demand.actor is not None and demand.actor.country == "IGO"


def test_a_pro_russian_side_is_not_russia() -> None:
    [down] = [
        e for e in code("Pro-Russian separatists shot down a Ukrainian helicopter.") if e.type == "ASSAULT"
    ]
    assert down.actor is None or down.actor.country != "RUS"


def test_a_noun_placed_by_its_participle_takes_the_place_s_country() -> None:
    [charge] = [
        e
        for e in code(
            "A long report released Tuesday in the Rwandan capital alleged that France was aware of the plans."
        )
        if e.type == "ACCUSE"
    ]
    assert charge.actor is not None and charge.actor.country == "RWA"


def test_a_cameo_intent_pattern_stands_unless_the_act_is_done() -> None:
    assert _by_trigger(code("The UN sent peacekeepers to Mali."), "sent").type == "AID"
    promise = _by_trigger(code("The government gives assurances to the rebels."), "gives")
    assert promise.type == "AGREE"


def test_a_person_titled_by_an_international_body_speaks_for_it() -> None:
    [blame] = code("UN Secretary General Ban Ki-moon condemned the attack.")
    assert blame.actor is not None and blame.actor.country == "IGO"
    [own] = code("Angela Merkel condemned the attack.")
    assert own.actor is not None and own.actor.country == "DEU"


def test_an_announced_hostile_act_is_decided_and_a_reported_one_threatened() -> None:
    decided = code("The United States announced Wednesday it would prohibit all aid to the rebels.")
    assert _by_trigger(decided, "prohibit").type != "THREATEN"
    threat = code("Iran said it would attack the American bases.")
    assert _by_trigger(threat, "attack").type == "THREATEN"


def test_lifting_a_curfew_or_a_state_of_emergency_is_a_concession() -> None:
    curfew = code("The Egyptian government lifted the curfew in Cairo after weeks of unrest.")
    assert _by_trigger(curfew, "lifted").type == "CONCEDE"
    emergency = code("Sudan's government on Sunday lifted a state of emergency in West Darfur.")
    assert _by_trigger(emergency, "lifted").type == "CONCEDE"
    assert _by_trigger(code("The EU lifted sanctions on Belarus."), "lifted").type == "RETREAT"


def test_a_call_to_act_against_someone_rallies_opposition_and_inspectors_let_in_is_access() -> None:
    rally = code("The opposition urged citizens to rise up against the regime.")
    assert _by_trigger(rally, "urged").type == "ACCUSE"
    assert _by_trigger(code("The UN urged Israel to halt construction."), "urged").type == "REQUEST"
    access = code("Iraq allowed U.N. weapons inspectors to return to the country.")
    assert _by_trigger(access, "allowed").type == "RETREAT"


def test_an_order_to_close_down_is_coercion_and_an_order_to_appear_a_request() -> None:
    closed = code("The government ordered the opposition newspaper to suspend publication.")
    assert _by_trigger(closed, "ordered").type == "COERCE"
    summons = code("A judge ordered the former president to appear for questioning.")
    assert _by_trigger(summons, "ordered").type == "REQUEST"


def test_a_court_hearing_into_a_matter_is_an_investigation() -> None:
    heard = code("The high court opened a hearing Wednesday into the legality of the interrogation methods.")
    assert any(e.type == "ACCUSE" for e in heard)


def test_demonyms_phoenix_lacks_name_their_country() -> None:
    [back] = code("Serb forces began pulling their heavy weapons back from around Sarajevo on Friday.")
    assert back.actor is not None and back.actor.country == "SRB"
    [hit] = code("Sri Lankan troops attacked the rebels.")
    assert hit.actor is not None and hit.actor.country == "LKA"


def test_forces_readied_for_an_attack_are_mobilized() -> None:
    ready = code("The Macedonian army prepared to resume shelling rebel-held territory.")
    assert any(e.type == "MOBILIZE" for e in ready) and all(e.type != "ASSAULT" for e in ready)
    assert _by_trigger(code("The army resumed shelling rebel-held territory."), "resumed").type == "ASSAULT"


def test_a_heading_that_asks_reports_no_event() -> None:
    # VOA, 10 March 2025: a section heading, then the paragraph it heads
    text = (
        "Zelenskyy wrote in a social media posting late Monday.\nMineral deal?\nTrump has voiced interest in "
        "making continued military aid conditional on access to Ukraine's raw materials."
    )
    assert not [e for e in code(text) if e.trigger.text == "deal"]
    assert code("Will Russia agree to the deal?")  # a question with a verb is still read


def test_sending_a_letter_or_a_plan_is_a_communication_not_aid() -> None:
    # seed 003: "Putin sent Trump a concept about his cease-fire plan"
    sent = _by_trigger(
        code("Kremlin spokesman Dmitry Peskov said Putin sent Trump a concept about his cease-fire plan."),
        "sent",
    )
    assert sent.type == "CONSULT"
    assert _by_trigger(code("The United States sent Ukraine weapons and ammunition."), "sent").type == "AID"


def test_a_tie_of_cameo_patterns_goes_to_the_verbs_own_type() -> None:
    # PETRARCH GSR (tuning half), CAMEO 1014: CAMEO lists "order [an] investigation" both as an
    # investigation and as a demand; "order" demands
    [ordered] = code("Obama ordered an investigation against Iran")
    assert ordered.type == "REQUEST"


def test_a_light_verb_with_a_sense_rule_opens_a_border_crossing() -> None:
    # PLOVER GSR (tuning half), RETREAT: "open" is a light verb, its sense rule codes it
    opened = _by_trigger(
        code(
            "Uzbekistan finally opened the Friendship Bridge after four years to allow the delivery of "
            "1,000 tons of grain and flour to Afghanistan, where millions of people are at risk of "
            "starvation as winter sets in, reports aid agencies."
        ),
        "opened",
    )
    assert (opened.type, opened.mode) == ("RETREAT", "access")


def test_human_shields_are_hostages_and_a_kidnapping_stays_one_beside_bombs() -> None:
    # VOA (Pakistan train siege) and PLOVER GSR (tuning half): CAMEO 184, use as human shield
    used = code(
        "Suicide bombers are wearing suicide jackets, security sources said, adding that suicide "
        "bombers were using innocent people as human shields."
    )
    assert any(e.type == "ASSAULT" and e.mode == "abduct" for e in used)
    held = code(
        "The Sri Lankan army has been holding thousands of Tamil civilian refugees as human shields in "
        "the battle zones of the southern sector of the Jaffna peninsula, according to a press release "
        "by the Liberation Tigers."
    )
    assert any(e.type == "ASSAULT" and e.mode == "abduct" for e in held)
    # a weapon named beside the victims does not make an abduction a bombing (CAMEO 181)
    kidnapped = _by_trigger(
        code(
            "Afghan rebels have kidnapped up to 16 Russian civilian advisers from a town bazaar and "
            "exploded a series of bombs in the capital Kabul, western diplomatic sources in "
            "neighboring Pakistan said today."
        ),
        "kidnapped",
    )
    assert kidnapped.mode == "abduct"


def test_declaring_a_state_of_emergency_is_coercion_a_hospital_emergency_none() -> None:
    # VOA (Nigeria abductions; Pakistan train siege): CAMEO 1724
    state = _by_trigger(
        code(
            "Josephine Odumakin, a Nigerian women's rights activist and president of Women Arise for "
            "Change Initiative, said authorities should declare a state of emergency over the spate of "
            "abductions."
        ),
        "state",
    )
    assert (state.type, state.mode, state.status) == ("COERCE", "martial-law", "hypothetical")
    hospital = code(
        "An emergency was declared at the government hospital in Sibi, to facilitate receiving the injured."
    )
    assert all(e.type != "COERCE" for e in hospital)


def test_a_conviction_is_a_legal_disapproval_not_an_arrest() -> None:
    # VOA: CAMEO 116, find guilty or liable
    convicted = _by_trigger(
        code("He rejects the charges, but if convicted in an ongoing trial, he could face life in prison."),
        "convicted",
    )
    assert (convicted.type, convicted.status) == ("ACCUSE", "hypothetical")


def test_testing_weapons_is_a_show_of_force() -> None:
    # VOA (North Korea): CAMEO 15, demonstrate military power
    testing = _by_trigger(
        code(
            "Ken Gause, director of the Adversary Analytics Program at CNA, thinks North Korea could "
            "either escalate threats by testing its weapons again in an attempt to gain the U.S. attention."
        ),
        "testing",
    )
    assert testing.type == "MOBILIZE"


def test_a_cameo_pattern_without_a_preposition_matches_the_object_not_a_phrase_beside_it() -> None:
    # PETRARCH GSR (tuning half), no event: "make * trip" is no trip made at the start of one
    remarks = code(
        "The United Nations chief made his remarks in Doha at the start of a regional trip aimed at "
        "pushing for a ceasefire in the Gaza Strip."
    )
    assert all(e.trigger.text != "made" for e in remarks)
    # VOA (Pakistan): taking credit for an attack is no agreement
    credit = code(
        "Days later, a roadside bomb blast killed 11 coal miners in the city, while the BLA took credit "
        "for attacking a military vehicle securing a supply convoy for a mining company operated by China."
    )
    assert all(e.trigger.text != "took" for e in credit)
    # VOA (Hong Kong): a verb with no object keeps its phrases ("held in solitary confinement")
    held = code(
        "Lai, a 77-year-old British national, has been held in solitary confinement in Hong Kong since late 2020."
    )
    assert [e.type for e in held] == ["COERCE"]


def test_a_date_the_parser_makes_an_object_predicate_is_no_naming() -> None:
    # PLOVER GSR (tuning half): "called Thursday on Arabs" is a call on them, not "called X Y"
    called = _by_trigger(
        code(
            "An official Syrian newspaper called Thursday on Arabs to unite and ``mobilize'' against "
            "Israeli right-winger Ariel Sharon, who has vowed not to return the Golan Heights."
        ),
        "called",
    )
    assert called.type == "REQUEST"


def test_calling_for_someone_to_act_is_a_request_not_a_phone_call() -> None:
    # VOA (Afghanistan; Cambodia): the parser heads the asked-for clause with "for"
    lift = code(
        'Bennett called for the Taliban to lift the travel ban and establish a "constructive" dialogue '
        "to resolve differences."
    )
    assert _by_trigger(lift, "called").type == "REQUEST"
    dropped = code(
        "He called for the charge to be dropped so that Mech Dara has full freedom to continue working as a journalist."
    )
    assert _by_trigger(dropped, "called").type == "REQUEST"


def test_speaking_to_reporters_is_no_consultation() -> None:
    # VOA (Somalia)
    events = code(
        "Speaking to reporters, Beledweyne District Commissioner Omar Osman Alasow confirmed that the "
        "hotel siege ended early Wednesday."
    )
    assert all(e.type != "CONSULT" for e in events)


def test_an_exchange_of_fire_is_fighting_and_of_barbs_verbal() -> None:
    # VOA (Pakistan train siege; Turkey and France)
    fire = code(
        "A clearance operation involving military helicopters has been going on for hours with frequent "
        "exchange of fire reported between Pakistani security and the militants."
    )
    assert _by_trigger(fire, "exchange").type == "ASSAULT"
    barbs = code(
        "It was not long ago that the Turkish and French leaders had been exchanging angry barbs, with "
        "Erdogan at one point suggesting Macron needed mental health treatment."
    )
    assert _by_trigger(barbs, "exchanging").type == "ACCUSE"


def test_releasing_a_programme_or_an_assessment_publishes_it() -> None:
    # VOA (China; Malawi): no prisoner goes free
    program = code(
        "Government involvement In 2017, China released an AI development program to make the country a "
        "world leader by 2030."
    )
    assert all(e.type != "RETREAT" for e in program)


def test_an_event_noun_carried_by_an_infinitive_of_an_intention_is_not_done() -> None:
    # VOA (North Korea): "intention to undertake a military invasion" states no invasion
    events = code(
        '"Therefore, there is no reason whatsoever to be concerned about development of their bilateral '
        "relations, unless they have intention to undertake a military invasion of the DPRK and Russian "
        'Federation," Ambassador Song Kim said.'
    )
    invasion = next(e for e in events if e.trigger.text == "invasion")
    assert invasion.status != "occurred"


def test_ignoring_a_ruling_or_a_summons_is_defiance() -> None:
    # VOA (the ICJ; Bosnia): CAMEO 128, defy norms or law
    rulings = code(
        "It has no power to enforce its rulings, and in the past, some countries have simply ignored them."
    )
    assert _by_trigger(rulings, "ignored").type == "REJECT"
    summons = code(
        "Bosnian state prosecutors on Wednesday had ordered the arrest of Dodik and his aides for ignoring "
        "a court summons for allegedly trying to undermine Bosnia's constitution."
    )
    assert _by_trigger(summons, "ignoring").type == "REJECT"


def test_signing_an_agreement_is_support_whatever_it_is_about() -> None:
    # VOA (China and Mauritius): PLOVER SUPPORT "sign, or finalize an agreement or treaty"
    signed = code(
        "In 2019, China signed a free trade agreement with Mauritius that went into effect in 2021."
    )
    assert _by_trigger(signed, "signed").type == "SUPPORT"


def test_closing_borders_restricts_movement() -> None:
    # VOA (the Schengen zone): CAMEO 191, restrict movement; advised against, so not done. The
    # apostrophe is straightened: with the corpus's "shouldn’t" spaCy tags "close" an adjective
    closed = _by_trigger(
        code(
            "EU officials told national governments that they shouldn't close borders or stop the free "
            "movement of people within the Schengen zone without group agreement."
        ),
        "close",
    )
    assert (closed.type, closed.status) == ("COERCE", "denied")


def test_a_call_on_or_for_someone_is_an_appeal_and_a_wake_up_call_none() -> None:
    # VOA (the UN on Sudan; North Korea; Indonesia)
    unanswered = code(
        "He told the 15-nation Security Council that their repeated calls on the parties to end the war "
        "have gone unanswered."
    )
    assert _by_trigger(unanswered, "calls").type == "REQUEST"
    mesh = code(
        "It ended quickly because Washington’s call for full denuclearization and Pyongyang’s demand for "
        "sanctions relief did not mesh."
    )
    assert _by_trigger(mesh, "call").type == "REQUEST"
    wake = code(
        "“It’s a wake-up call for all of us in the education sector,” said Totok Amin Soefijanto, a "
        "policy expert at Paramadina University in Jakarta."
    )
    assert all(e.trigger.text != "call" for e in wake)


def test_pushing_back_is_resistance_and_taking_for_granted_no_grant() -> None:
    # VOA (Malaysia and China; Europe's defence)
    assert _by_trigger(code("It's not only Malaysia pushing back."), "pushing").type == "REJECT"
    rebels = code(
        "On Thursday, officials said several hundred troops and humanitarian workers were deployed to the "
        "villages to push back the rebels and protect civilians."
    )
    assert _by_trigger(rebels, "push").type == "ASSAULT"
    granted = code(
        "While the transatlantic alliance is important, he said Europeans can no longer take U.S. "
        "protection for granted."
    )
    assert all(e.type != "AID" for e in granted)


def test_urging_others_to_support_a_third_side_rallies_support() -> None:
    # PLOVER GSR (tuning half), SUPPORT: CAMEO 053, rally support on behalf of
    urged = _by_trigger(
        code(
            "Arab League Secretary-General Chedli Klibi today urged the European Community to support the "
            "Palestinian Liberation Organization (PLO), which he said would create a favorable climate for "
            "peace talks."
        ),
        "urged",
    )
    assert urged.type == "SUPPORT"
    # asking for something else stays a request (VOA, Somalia)
    agree = code(
        "The United Nations has also urged Somali leaders to agree to a way forward to resolve the electoral crisis."
    )
    assert _by_trigger(agree, "urged").type == "REQUEST"


def test_a_subject_the_parser_hung_on_a_fronted_phrase_still_acts() -> None:
    # PLOVER GSR (tuning half): "government" parsed as a conjunct of "Memorandum"
    agreed = _by_trigger(
        code(
            "With the signing of a Memorandum of Understanding (MOU) on Cessation of Hostilities, the "
            "Sudanese government and SPLM/A have agreed to allow ``unimpeded'' humanitarian access to all "
            "areas."
        ),
        "agreed",
    )
    assert agreed.actor is not None and agreed.actor.country == "SDN"
    # a passive has its subject: the place before it is no actor
    arrested = _by_trigger(
        code(
            "A Christian missionary from Calgary was arrested in Lebanon for collaborating with Israel, "
            "according to the Canadian Press."
        ),
        "arrested",
    )
    assert arrested.actor is None or arrested.actor.country != "CAN"


def test_speaking_by_phone_is_a_phone_consultation() -> None:
    # VOA (the Philippines and Japan): CAMEO 041
    events = code(
        "After these events, Roy said that it is hard to predict how Duterte will react to Suga’s visit, "
        "although Duterte and Suga spoke by phone late last year."
    )
    spoke = _by_trigger(events, "spoke")
    assert (spoke.type, spoke.mode) == ("CONSULT", "phone")


def test_the_subject_of_a_passive_is_the_object_its_sense_rules_read() -> None:
    # VOA (EU tariffs): suspending tariffs eases them (CAMEO 085), also said in the passive
    whiskey = code(
        "The EU is a major destination for U.S. whiskey, with exports surging 60% in the past three years "
        "after an earlier set of tariffs was suspended."
    )
    assert _by_trigger(whiskey, "suspended").type == "RETREAT"
    # VOA (Russia): "if sanctions are lifted" is one easing, the sanctions no event of their own
    lifted = code(
        "Charles Hecker, an expert on Western-Russian economic ties and risks, and author of the book Zero "
        "Sum: The Arc of International Business in Russia , says some Western companies will quickly "
        "return to Russia if sanctions are lifted, particularly those involved in energy, metals and "
        "minerals."
    )
    assert _by_trigger(lifted, "lifted").type == "RETREAT"
    assert all(e.trigger.text != "sanctions" for e in lifted)


def test_postponing_is_no_disapproval() -> None:
    # VOA (Guatemala): CAMEO's block default files "postpone" under criticism
    events = code(
        "Another court in November revoked Zamora’s house arrest, but his lawyers were able to postpone "
        "the order for a few months."
    )
    assert all(e.trigger.text != "postpone" for e in events)


def test_verbs_whose_cameo_block_default_says_more_than_they_do_code_no_event() -> None:
    # VOA (Somalia; Sudan; the Sahel): "leaving ... dead" is no visit, "caught up in" no seizure,
    # "disrupted plots" no sanction
    stormed = code(
        "Gunmen stormed a hotel in the Somali city of Beledweyne on Tuesday, leaving at least five people "
        "dead and triggering an ongoing siege, according to witnesses."
    )
    assert [e.type for e in stormed] == ["ASSAULT", "ASSAULT"]
    caught = code(
        "The children are caught up in a power struggle between two rival generals that began in the "
        "capital, Khartoum, in April 2023."
    )
    assert all(e.type != "COERCE" for e in caught)
    plots = code(
        "Andrew Lebovich of the Dutch international affairs think tank Clingendael said these disrupted "
        "plots are indicative of IS Sahel's broader ambitions."
    )
    assert not plots


def test_contributing_to_a_report_is_a_credit_not_aid() -> None:
    # VOA byline credit
    assert not code("Adrianna Zhang contributed to this report.")


def test_people_sent_to_investigate_are_an_investigation_not_aid() -> None:
    # PLOVER GSR (tuning half), INVESTIGATE
    sent = _by_trigger(
        code(
            "The United Nations has sent 21 military and civilian personnel to Bosnia on Wednesday to "
            "investigate the feasibility of a 10,000-member peacekeeping force, a U.N. spokesman said on Monday."
        ),
        "sent",
    )
    assert (sent.type, sent.mode) == ("ACCUSE", "investigate")


def test_steps_taken_to_enhance_freedoms_are_a_concession_made() -> None:
    # PLOVER GSR (tuning half), CONCEDE: CAMEO 0811, ease restrictions on political freedoms
    enhance = _by_trigger(
        code(
            "President Omar Hassan al-Bashir, following the partial peace deal, has taken several "
            "tentative steps to enhance political freedoms and promote an image of openness and "
            "tolerance in Sudan."
        ),
        "enhance",
    )
    assert (enhance.type, enhance.status) == ("CONCEDE", "occurred")
    # VOA (North Korea): steps that will have to be taken are not taken yet
    defend = _by_trigger(
        code(
            '"So I appeal to my Chinese colleague to understand that if indeed the situation on the Korean '
            "Peninsula continues on the trajectory it's going, the United States and its allies will have "
            'to take steps to defend their security," Wood said.'
        ),
        "defend",
    )
    assert defend.status != "occurred"


def test_a_work_stoppage_is_a_strike_not_an_attack() -> None:
    for text, word in (
        ("Workers went on strike at the Renault plant in France.", "strike"),
        ("Teachers struck for higher pay in Chicago.", "struck"),
        ("The union called a strike over pay cuts.", "called"),
    ):
        assert (_by_trigger(code(text), word).type, _by_trigger(code(text), word).mode) == (
            "PROTEST",
            "boycott",
        )
    assert _by_trigger(code("Russia launched a missile strike on the city."), "strike").type == "ASSAULT"


def test_a_crowds_violence_without_weapons_is_a_riot() -> None:
    clash = _by_trigger(code("Protesters clashed with police in Cairo on Friday."), "clashed")
    assert (clash.type, clash.mode) == ("PROTEST", "riot")
    # "set" plans nothing here: its object pattern codes the act (CAMEO "set fire to")
    fire = _by_trigger(code("Rioters set fire to government buildings in the capital."), "set")
    assert (fire.type, fire.mode) == ("PROTEST", "riot")
    rockets = _by_trigger(code("Demonstrators fired rockets at the police station."), "fired")
    assert rockets.type == "ASSAULT"


def test_returning_what_was_taken_is_a_return_and_returning_to_a_city_a_visit() -> None:
    given = _by_trigger(code("The government returned the seized property to its owners."), "returned")
    assert (given.type, given.mode) == ("RETREAT", "return")
    assert _by_trigger(code("Troops returned fire."), "returned").type == "ASSAULT"
    assert _by_trigger(code("The president returned to Kyiv on Monday."), "returned").type == "CONSULT"


def test_an_event_noun_given_or_delivered_is_the_event() -> None:
    ultimatum = code("The rebels gave the government an ultimatum to release prisoners.")
    assert [e.type for e in ultimatum if e.trigger.text in ("gave", "ultimatum")] == ["THREATEN"]
    tanks = _by_trigger(code("The United States gave 10 tanks to Ukraine."), "gave")
    assert tanks.type == "AID"


def test_support_voiced_is_support_for_its_object() -> None:
    voiced = _by_trigger(code("The minister reiterated his country's support for Ukraine."), "support")
    assert voiced.type == "SUPPORT"
    assert voiced.target is not None and voiced.target.country == "UKR"


def test_a_crowd_occupying_a_place_obstructs() -> None:
    occupied = _by_trigger(code("Demonstrators occupied the ministry of education in Santiago."), "occupied")
    assert (occupied.type, occupied.mode) == ("PROTEST", "obstruct")


def test_ending_a_protest_strike_or_boycott_eases_dissent() -> None:
    for text, word in (
        ("The workers ended their strike on Monday.", "ended"),
        ("Prisoners ended a hunger strike after the government agreed to their demands.", "ended"),
        ("The union called off the strike.", "called"),
        ("The opposition ended its boycott of parliament.", "ended"),
    ):
        ended = _by_trigger(code(text), word)
        assert (ended.type, ended.mode) == ("CONCEDE", None), text
    hunger = _by_trigger(code("Workers went on hunger strike in Bogota."), "strike")
    assert (hunger.type, hunger.mode) == ("PROTEST", "hunger")


def test_ending_an_act_codes_as_the_act_that_ends_it() -> None:
    for text, word, kind in (
        ("Israel halted its offensive in Gaza.", "halted", "RETREAT"),
        ("Russia ended the blockade of the port.", "ended", "RETREAT"),
        ("The US ended its military aid to Egypt.", "ended", "SANCTION"),
        ("The junta ended the curfew.", "ended", "CONCEDE"),
        ("The rebels broke off negotiations with the government.", "broke", "SANCTION"),
    ):
        assert _by_trigger(code(text), word).type == kind, text


def test_a_pause_in_an_act_is_its_ending_not_the_act() -> None:
    # the seeds' "hopes to resolve the pause in aid to Ukraine" was coded as aid given
    for text, word in (
        ("Rubio said the United States hopes to resolve the pause in aid to Ukraine.", "pause"),
        ("The suspension of military aid to Ukraine was announced on Monday.", "suspension"),
        ("The United States paused military aid to Ukraine.", "paused"),
    ):
        events = code(text)
        assert [(e.type, e.mode) for e in events] == [("SANCTION", "discontinue")], text
        assert _by_trigger(events, word)


def test_an_act_faced_is_threatened_and_a_front_frozen_is_no_sanction() -> None:
    # the G7 "urged Russia ... to accept a U.S.-proposed ceasefire or face the possibility of
    # additional sanctions": no sanctions were imposed
    faced = _by_trigger(
        code("The G7 urged Russia to accept the ceasefire or face the possibility of additional sanctions."),
        "sanctions",
    )
    assert (faced.type, faced.status) == ("THREATEN", "threatened")
    frozen = code("A cease-fire freezing the current front lines would leave them short of that goal.")
    assert [e.type for e in frozen] == ["RETREAT"]  # the ceasefire alone
    assert all(e.type != "SANCTION" for e in code("Russia wants to freeze the front line."))
    assert _by_trigger(code("The EU froze Russian assets."), "froze").type in ("SANCTION", "COERCE")


def test_an_act_bidden_by_a_speaker_is_the_speakers_demand() -> None:
    told = _by_trigger(code("The US told Israel to halt settlement construction."), "halt")
    assert told.type == "REQUEST"
    assert (told.actor and told.actor.country, told.target and told.target.country) == ("USA", "ISR")
    insisted = _by_trigger(code("France insisted that Iran allow inspectors into the site."), "allow")
    assert insisted.type == "REQUEST"
    encouraged = _by_trigger(code("China encouraged North Korea to resume talks."), "encouraged")
    assert encouraged.type == "REQUEST"
    # a report of what a plural subject does is no demand
    reported = code("Officials said they allow visits to the prison.")
    assert all(e.type != "REQUEST" for e in reported)


def test_forces_leaving_withdraw_and_workers_walking_out_strike() -> None:
    assert _by_trigger(code("Troops left the city on Monday."), "left").type == "RETREAT"
    assert _by_trigger(code("Workers walked out of the factory."), "walked").type == "PROTEST"
    assert _by_trigger(code("The delegation walked out of the talks."), "walked").type == "SANCTION"
    assert _by_trigger(code("The army handed power to a civilian government."), "handed").type == "CONCEDE"


def test_destroying_property_is_coercion_unless_it_kills() -> None:
    for text, word in (
        ("Rebels destroyed a bridge on the main highway.", "destroyed"),
        ("The army razed the homes of suspected militants.", "razed"),
        ("Gunmen set fire to a police station.", "set"),
        ("Settlers vandalized a mosque in the West Bank.", "vandalized"),
        ("Soldiers torched dozens of houses in the village.", "torched"),
    ):
        found = _by_trigger(code(text), word)
        assert (found.type, found.mode) == ("COERCE", "destroy"), text


def test_a_verb_acting_between_two_sides_has_its_own_subject_as_actor() -> None:
    mediated = _by_trigger(code("Qatar mediated between the Taliban and the US."), "mediated")
    assert mediated.actor is not None and mediated.actor.country == "QAT"
    talks = _by_trigger(code("Talks between Russia and Ukraine resumed."), "Talks")
    assert (talks.actor and talks.actor.country, talks.target and talks.target.country) == ("RUS", "UKR")
    received = _by_trigger(code("The president received the Saudi crown prince in Washington."), "received")
    assert received.type == "CONSULT"


def test_a_demand_or_face_a_hostile_act_is_a_threat() -> None:
    ordered = _by_trigger(code("The junta ordered the opposition to disband or face arrest."), "ordered")
    assert (ordered.type, ordered.status) == ("THREATEN", "threatened")
    assert all(e.type != "THREATEN" for e in code("You can stay or face the music."))


def test_a_hyphenated_event_noun_the_tokenizer_split_still_codes() -> None:
    sit_in = code("Students staged a sit-in at the ministry.")
    assert [(e.type, e.mode) for e in sit_in] == [("PROTEST", "demo")]
    pull_out = code("Troops began a pull-out from the city.")
    assert [e.type for e in pull_out] == ["RETREAT"]
