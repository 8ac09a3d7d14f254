"""Speaker resolution as a careful reader does it, on short texts written for these tests
(names and sentences invented; the phenomena are those of issue 8)."""

import functools

import pytest

from unspin import pipeline
from unspin.options import AttributionOptions
from unspin.pipeline import analyze


@pytest.fixture(autouse=True, params=["rules", "rules+learned"])
def mode(request, monkeypatch):
    options = AttributionOptions(learned=request.param != "rules")
    monkeypatch.setitem(globals(), "analyze", functools.partial(pipeline.analyze, options=options))
    return request.param


def one(text, fragment):
    start = text.index(fragment)
    end = start + len(fragment)
    found = [a for a in analyze(text).attributions if a.content.start < end and start < a.content.end]
    assert found, f"no attribution covers {fragment!r}"
    return found[0]


def test_title_is_not_part_of_the_name():
    t = ("Transport Secretary Alan Pryce defended the plan on Monday.\n"
         "Mr Pryce said the new line would open in 2027.\n")
    a = one(t, "new line would open")
    assert a.speaker.name == "Alan Pryce"
    assert a.speaker.role != "Mr"


def test_pronoun_after_change_of_speaker_takes_the_new_subject():
    t = ('"We will not raise fares," said Alan Pryce, the transport secretary.\n'
         "Opposition leader Margaret Olsen was speaking after the announcement. "
         "She said the plan was unfunded.\n")
    a = one(t, "the plan was unfunded")
    assert a.speaker.name == "Margaret Olsen"
    assert [v.text for v in a.speaker.via][:2] == ["She", "Opposition leader Margaret Olsen"]


def test_description_linked_by_title_resolves_and_unlinked_one_stays():
    t = ("Opposition leader Margaret Olsen attacked the budget.\n"
         "The opposition leader said the figures did not add up.\n"
         "But the prime minister said it is time for Ms Olsen to apologise.\n")
    assert one(t, "the figures did not add up").speaker.name == "Margaret Olsen"
    pm = one(t, "time for Ms Olsen to apologise").speaker
    assert pm.name == "prime minister"  # never linked to anyone by the text: not Olsen
    assert pm.confidence < one(t, "the figures did not add up").speaker.confidence


def test_surname_first_name_and_kind():
    t = ('Foreign Minister Wang Lei met reporters in Beijing.\n'
         '"We are open to cooperation," Wang said.\n')
    sp = one(t, "open to cooperation").speaker
    assert (sp.name, sp.kind) == ("Wang Lei", "person")


def test_possessive_is_an_affiliation_not_a_role():
    t = "Labour's Mr Dunmore said the council would appeal.\n"
    sp = one(t, "council would appeal").speaker
    assert sp.role is None and sp.affiliation == "Labour"


def test_place_of_residence_is_no_affiliation():
    t = "Jane Hollis, from Oxfordshire, said the road had flooded twice.\n"
    sp = one(t, "road had flooded").speaker
    assert sp.name == "Jane Hollis" and sp.affiliation is None and sp.role is None


def test_channel_keeps_its_whole_name():
    t = "Mr Dunmore told BBC Radio 4's Today programme the council would appeal.\n"
    assert one(t, "council would appeal").channel == "BBC Radio 4's Today programme"


def test_confidence_and_via_in_the_contract_shape():
    t = ("Helen Marsh, a hydrologist at Kent University, said the river was rising.\n"
         '"It will peak tonight," Marsh said.\n')
    d = one(t, "peak tonight").speaker.to_dict()
    assert d["name"] == "Helen Marsh" and 0.0 <= d["confidence"] <= 1.0
    assert [v["text"] for v in d["via"]] == ["Marsh", "Helen Marsh"]
    assert all(t[v["start"]:v["end"]] == v["text"] for v in d["via"])


def test_quote_introduced_by_its_own_cue_keeps_its_speaker():
    t = ('Ms Olsen branded the budget a failure, saying: "It does nothing for families." '
         "Finance Minister Karl Brandt said the deficit would fall.\n")
    assert one(t, "nothing for families").speaker.name == "Olsen"


def test_he_is_no_plural_antecedent(shared):
    """BBC politics/110: 'He went on to reflect on the values that "most Britons hold dear".
    ... the choices he says are facing Britain': every "he" is Howard, none "most Britons"
    (rules alone, as diff runs them; ten statements were Britons' before)."""
    from unspin.options import AttributionOptions
    from unspin.pipeline import analyze

    text = (shared / "corpora" / "bbc-news-2225" / "politics" / "110.txt").read_text(encoding="utf-8")
    an = analyze(text, options=AttributionOptions(learned=False))
    names = [a.speaker.name or "" for a in an.attributions]
    assert not [n for n in names if "Britons" in n], names
    assert sum(n == "Michael Howard" for n in names) >= 10, names
    # 'Mr Blair's government was a "bossy ..." government, he added': not Blair, who is
    # the subject of what "he" reports; and "The last week has shown that" credits no one
    assert "Blair" not in names and "last week" not in names, names


def test_a_presenter_named_like_a_firm_is_a_person_and_he_follows_him():
    # the tagger reads "G Money" as an organisation; "a presenter" and "who presents" say a
    # person, and "he" is him, not "Ms Jackson" (a song) named in between
    t = ("G Money, a presenter on the BBC's urban music station 1Xtra, thinks a break is coming.\n"
         "Their first UK hit, Ms Jackson, did not come until 2001.\n"
         "G Money says it took the latest album for him to be \"assured of their genius\". "
         "He adds: \"They have always been experimental.\"\n")
    first = one(t, "a break is coming")
    assert (first.speaker.name, first.speaker.kind) == ("G Money", "person")
    assert one(t, "always been experimental").speaker.name == "G Money"


def test_a_possessor_does_not_take_the_place_of_the_name_it_owns(shared):
    # BBC entertainment/132: the tagger reads "1Xtra" as a person and misses "G Money" here
    t = (shared / "corpora" / "bbc-news-2225" / "entertainment" / "132.txt").read_text(encoding="utf-8")
    assert one(t, "it took the latest album").speaker.name == "G Money"
    assert one(t, "making the next move").speaker.kind == "person"


def test_a_first_name_read_either_way_is_no_reason_to_pass_a_speaker_over():
    # "Jamie" leans female overall and in the US, male in Britain: "he" after Jamie Noon's
    # statement is Noon, not the last man named before him
    t = ("First Mark Cueto was judged offside as he chased the kick.\n"
         "But centre Jamie Noon believes the side at least showed better form. "
         "\"We definitely improved against an in-form Irish side,\" he said.\n")
    assert one(t, "definitely improved").speaker.name == "Jamie Noon"


def test_accepts_that_is_a_reporting_cue():
    t = ("Dr Lena Ruiz, who heads the clinic, spoke on Monday.\n"
         "She accepts that it can be tough to recruit nurses in winter.\n")
    a = one(t, "tough to recruit nurses")
    assert a.speaker.name == "Lena Ruiz"


def test_a_peer_named_only_lord_x_keeps_the_title_and_a_given_name_wins():
    # the tagger leaves "Lord" out of "Lord Hadley"; speakers-dev's rule keeps "Lord X" when the
    # text never gives a first name, and "Lord Verne" of a text naming Anna Verne is Anna Verne
    t = ("Hadley denies memo claim\n\n"
         "Lord Hadley said the memo was his own work. He added that no minister had seen it.\n\n"
         "Lady Verne said the claim was false. Anna Verne, a former judge, said it should be withdrawn.\n")
    assert one(t, "memo was his own work").speaker.name == "Lord Hadley"
    assert one(t, "no minister had seen it").speaker.name == "Lord Hadley"
    assert one(t, "the claim was false").speaker.name == "Anna Verne"


def test_the_attorney_general_is_not_the_solicitor_general_the_text_names():
    t = ("The attorney general has denied his statement was drafted by officials.\n\n"
         "The answer was prepared with the help of Solicitor General Harriet Vane and two officials.\n")
    sp = one(t, "his statement was drafted").speaker
    assert sp.name != "Solicitor General" and "Vane" not in (sp.name or "")


def test_he_after_a_book_by_a_named_author_is_the_author():
    # "by Philippe Sands QC": the passive's doer is the antecedent (the tagger reads "X QC" as
    # an organisation), not the last man quoted in the paragraph before
    t = ("Tory MP Tom Rudd told the BBC the papers should stay secret. \"It is a general rule,\" he said.\n\n"
         "The claims were made in a book published this week by Peter Lowe QC, a member of a London chambers. "
         "He also says the minister was warned in March.\n")
    assert one(t, "the minister was warned in March").speaker.name == "Peter Lowe"


def test_the_statement_said_is_the_statement_of_the_speaker_just_before():
    t = ("Abbott said while some studies have shown lower rates, others have shown it at 94%.\n\n"
         "\"We're seeing studies being conducted in ways the test was not designed for,\" the statement said.\n")
    assert one(t, "not designed for").speaker.name == "Abbott"


def test_a_study_whose_verb_the_tagger_joined_to_another_sentence_verb_is_the_source():
    # the tagger reads "found" as a conjunct of "published" (no "and" between them): the study found it
    t = ("The FDA published a warning about it on Thursday after an NYU Langone Health study, which has not "
         "been peer-reviewed, found that it might return false negatives up to 48% of the time.\n")
    assert one(t, "might return false negatives").speaker.name == "NYU Langone Health"


def test_a_description_by_a_place_word_finds_the_titled_name_and_an_arabic_surname_is_one():
    # "the Qatari emir" is "Qatar's Emir Sheikh Tamim bin Hamad al-Thani", not the president quoted
    # just before; "Al Thani" is his surname written apart; "the test" is no title of a president
    t = ("The Abbott test, which is used to test President Joe Hartley, is fast.\n\n"
         "\"They will be in trouble,\" Rouhani said in a call with Qatar's Emir Sheikh Tamim bin Hamad al-Thani.\n\n"
         "The Qatari emir, for his part, said his country opposes any tension in the region.\n\n"
         "Al Thani said both countries should boost economic cooperation.\n\n"
         "The purpose of the warning was to tell doctors what the test does. \"It might be worth a second test,\" "
         "Rouhani said.\n")
    assert one(t, "opposes any tension").speaker.name == "Tamim bin Hamad al-Thani"
    assert one(t, "boost economic cooperation").speaker.name == "Tamim bin Hamad al-Thani"
    assert one(t, "worth a second test").speaker.name != "Joe Hartley"


def test_a_firm_by_its_apposition_a_missed_name_and_a_poll_s_issuer_and_its_respondents():
    t = ("Shares in Cairn Energy, a UK oil firm, have closed down 18%.\n\n"
         "The company said tests had shown no significant finds in one of its Indian oil fields.\n\n"
         "Los Angeles Unified Superintendent Austin Beutner warned Monday that budget cuts could harm students. "
         "The harm is real, Beutner said.\n\n"
         "Vaccine worries have grown among some Americans, a new survey finds.\n\n"
         "The survey, published via Reuters/Ipsos on Thursday, found 25% of Americans have no interest in a vaccine.\n\n"
         "Nearly 84% of respondents said vaccines for measles are safe. Only 14% said they would be interested.\n")
    assert one(t, "no significant finds").speaker.name == "Cairn Energy"
    assert (one(t, "budget cuts could harm").speaker.name, one(t, "budget cuts could harm").speaker.kind) == (
        "Austin Beutner", "person")
    assert one(t, "The harm is real").speaker.name == "Austin Beutner"
    assert one(t, "Vaccine worries have grown").speaker.name == "Reuters/Ipsos"
    assert one(t, "vaccines for measles are safe").speaker.name == "respondents"
    assert one(t, "they would be interested").speaker.name == "respondents"


def test_the_club_is_the_club_not_its_manager():
    t = ("Manchester United said on Sunday it had received a proposal from Mr Glazer.\n\n"
         "The club has confirmed that the businessman wants to buy it. The fans' group has won the support of the "
         "club's manager, Sir Alex Ferguson, who has spoken out against the bid.\n\n"
         "The club said the board would meet this week.\n")
    assert one(t, "the board would meet").speaker.name != "Alex Ferguson"


def test_a_place_owning_a_persons_name_is_not_the_speaker():
    t = ("The Welsh Local Government Association welcomed the settlement. Once the figures were out, its finance "
         "spokesman, Torfaen's Bob Wellington, said keeping rises to a minimum was essential.\n")
    assert one(t, "keeping rises to a minimum").speaker.name == "Bob Wellington"


def test_she_after_a_sentence_naming_one_woman_is_her():
    t = ('"It is just too slow," said Nan Roman, who heads the alliance.\n\n'
         '"I would rather have a room," said his friend, Nathan Rice.\n\n'
         "At the urging of Supervisor Sandra Lee Fewer, the city's departments are compiling an inventory of "
         "open spaces. She said sidewalk space is a coveted commodity for retailers.\n")
    assert one(t, "sidewalk space is a coveted").speaker.name == "Sandra Lee Fewer"


def test_the_company_said_again_is_the_company_it_was_before():
    t = ("Unilever said annual profit fell 36%. Unilever is not alone in trying to simplify its business. "
         "Oil giant Shell last year dismantled its dual structure. \"The best part of the news was the structure,\" "
         "said Arjan Sweere, an analyst.\n\n"
         "The company said the changes would speed decision making.\n\n"
         "The company said its main focus will be on improving profits.\n")
    assert one(t, "speed decision making").speaker.name == "Unilever"
    assert one(t, "main focus will be").speaker.name == "Unilever"


def test_a_name_in_an_aside_between_dashes_is_not_the_pronouns_antecedent():
    t = ("Cook said the album was his happiest. The pressure builds at the end of the lane where Cook lives - "
         "Tom Jarvis is one of his neighbours - and he said he had ways of dealing with it. "
         '"It is like a siege some mornings," he said.\n')
    assert one(t, "ways of dealing with it").speaker.name == "Cook"
    assert one(t, "like a siege").speaker.name == "Cook"


def test_the_president_is_not_the_vice_president():
    t = ("Pryce Names Dowell To Lead Flood Response\n\n"
         "Hours after aides rejected the idea, President Pryce on Wednesday put Vice President Dowell in charge.\n\n"
         '"We are doing really well," Pryce said.\n\n'
         "The president's remarks came as officials disclosed a new case in the county that could be the first "
         "spread within the general population.\n\n"
         'At the news conference, the president insisted that the risk to residents "remains very low."\n\n'
         '"As a former governor, I know full well the importance of this," Dowell said.\n')
    assert one(t, "the risk to residents").speaker.name == "Pryce"
    assert one(t, "the importance of this").speaker.name == "Dowell"


def test_a_name_before_an_aside_that_runs_to_the_verb_is_its_subject():
    t = ("The new minister says there are lessons to learn.\n\n"
         'Dr Brian Giddens, on his first full day in the job after Joan Hutt was sacked, admitted "big challenges" but '
         'insisted the "essentials" were in place. But both Plaid Cymru and the Greens said Dr Giddens needed to '
         "change policy.\n")
    assert one(t, "were in place").speaker.name == "Brian Giddens"
