"""Imported once by the workers' fork server: load the pipeline and every lexicon there
(one analysis and one diff of a short text), so that every worker forked from it starts
warm, with the model's memory shared, and a replacement answers at once."""

import unspin
from unspin.drift import diff

unspin.analyze("The minister said on Monday that prices would fall, according to officials.")
diff("The minister said prices would fall.", "The minister said prices would not fall.")
