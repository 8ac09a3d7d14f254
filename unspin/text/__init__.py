"""Text-level building blocks shared by every capability: sentences, quotes,
boilerplate, entities and hedges over the one document model."""
