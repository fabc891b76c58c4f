#!/usr/bin/env python3
"""Writes tools/ai/data/topic.txt: sentences labelled with the topic of the page they could come
from (technology, sports, food, travel, finance, health, science, entertainment), in fastText's
format, from the vocabularies and sentence frames below with a fixed seed: the same file on
every run. train_classifier.sh trains the shipped topic model on it."""
import random

random.seed(20261126)

TOPICS = {
    "technology": """software hardware laptop smartphone processor browser kernel compiler
        database server cloud network encryption algorithm programming developer app update
        keyboard screen battery chip memory startup robot sandbox linux code""",
    "sports": """football match goal striker tournament league coach referee stadium tennis
        championship marathon athlete olympic medal season transfer basketball score penalty
        team fans cycling race victory defeat""",
    "food": """recipe oven flour butter garlic sauce pasta dessert chocolate bake roast
        kitchen chef ingredients spices salad soup bread restaurant menu taste simmer dough
        cheese vegetables dinner""",
    "travel": """flight hotel beach passport luggage itinerary museum tour island airport
        train journey guidebook hostel sightseeing destination visa cruise mountains
        backpacking booking resort trip coast""",
    "finance": """stock market investor dividend inflation interest bank loan mortgage
        portfolio bond currency budget savings tax earnings revenue shares economy credit
        pension fund profit trading""",
    "health": """doctor patient symptoms vaccine hospital nutrition exercise sleep therapy
        diagnosis medicine blood pressure heart diet fitness infection treatment clinic
        wellbeing stress recovery nurse""",
    "science": """physics chemistry biology experiment hypothesis telescope galaxy molecule
        quantum particle evolution genome research laboratory climate fossil planet atom
        theory measurement species energy""",
    "entertainment": """movie film actor actress album concert singer series episode trailer
        director festival premiere celebrity music band soundtrack comedy drama theatre
        streaming award audience""",
}
FRAMES = [
    "the {a} and the {b} were the main topic of the {c} report",
    "experts say the new {a} could change how people think about {b}",
    "a guide to {a}, {b} and {c} for beginners",
    "why the {a} matters more than the {b} this year",
    "{a} {b} {c}",
    "latest news on {a} and {b}",
    "how to choose a {a} without worrying about the {b}",
    "the {a} made headlines after the {b} and the {c}",
    "ten things to know about {a} before the {b}",
    "our review of the {a}: great {b}, weak {c}",
]

lines = set()
while len(lines) < 4000:
    topic = random.choice(sorted(TOPICS))
    words = TOPICS[topic].split()
    a, b, c = random.sample(words, 3)
    lines.add(f"__label__{topic} " + random.choice(FRAMES).format(a=a, b=b, c=c))
ordered = sorted(lines)
random.shuffle(ordered)
with open("tools/ai/data/topic.txt", "w") as out:
    for line in ordered:
        out.write(line + "\n")
