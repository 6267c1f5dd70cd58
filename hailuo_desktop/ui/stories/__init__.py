"""The Stories page: a story's shots as a strip of cards, the selected shot's form, making,
making again and exporting the joined video."""
