"""The slide handout: slide miniatures with ruled lines for notes, numbered as in the deck."""
