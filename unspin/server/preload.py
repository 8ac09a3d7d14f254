"""Imported once by the workers' fork server: load the pipeline and every lexicon there
(one analysis and one diff of a short text), so that every worker forked from it starts
warm, with the model's memory shared, and a replacement answers at once."""

import unspin
from unspin.drift import diff
from unspin.text.wordnet import word_families, wordnet

unspin.analyze("The minister said on Monday that prices would fall, according to officials.")
diff("The minister said prices would fall.", "The minister said prices would not fall.")
# WordNet too: the analysis asks it whether a description is a person ("the DJ") only on texts
# that need it, and reading it takes about a second
wordnet()
word_families()
