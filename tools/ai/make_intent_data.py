#!/usr/bin/env python3
"""Writes tools/ai/data/intent.txt: what people type into an address bar, labelled with its
intent (url, search, question, calculation, command), in fastText's format. Built from the
word lists below with a fixed seed, so the file is the same on every run; the repository
holds both this script and its output, and train_classifier.sh trains the shipped model on it.
"""
import random

random.seed(20261125)

WORDS = """weather news pizza recipe flights hotel laptop phone camera shoes jacket football
tennis guitar piano python rust linux kernel docker kubernetes database sql postgres redis
cinema tickets concert museum paris berlin tokyo london madrid rome lisbon oslo vienna prague
cheap best review price sale coupon used new vintage electric hybrid bike car train bus
garden plants roses tomato basil coffee tea chocolate bread pasta sushi tacos curry salad
yoga running marathon gym diet protein vitamins sleep meditation jobs salary resume interview
apartment rent mortgage insurance taxes bank loan credit card stock market bitcoin gold
movie series episode trailer actor album song lyrics chords podcast book novel author poem
history war empire ancient rome egypt pyramids volcano earthquake ocean planet mars moon
dog cat puppy kitten bird fish aquarium horse vet food toys training""".split()

PLACES = "paris berlin tokyo london madrid rome lisbon oslo vienna prague boston seattle".split()
TLDS = ["com", "org", "net", "io", "dev", "de", "fr", "co.uk", "edu", "gov", "app", "info"]
SITES = ["github.com", "wikipedia.org", "youtube.com", "reddit.com", "stackoverflow.com",
         "news.ycombinator.com", "docs.python.org", "developer.mozilla.org", "bbc.co.uk",
         "lemonde.fr", "spiegel.de", "arxiv.org", "gitlab.com", "mail.google.com"]


def url():
    kind = random.randrange(8)
    word = random.choice(WORDS)
    if kind == 0:
        return random.choice(SITES)
    if kind == 1:
        return f"{word}{random.choice(WORDS)}.{random.choice(TLDS)}"
    if kind == 2:
        return f"https://{random.choice(SITES)}/{word}/{random.choice(WORDS)}"
    if kind == 3:
        return f"www.{word}.{random.choice(TLDS)}/{random.choice(WORDS)}?id={random.randrange(999)}"
    if kind == 4:
        return f"localhost:{random.choice([3000, 8000, 8080, 5173, 9000])}/{word}"
    if kind == 5:
        address = random.choice([f"192.168.{random.randrange(256)}.{random.randrange(256)}",
                                 "127.0.0.1", f"10.0.{random.randrange(256)}.{random.randrange(256)}"])
        port = random.choice(["", f":{random.randrange(1024, 65536)}"])
        path = random.choice(["", f"/{word}", f"/{word}/{random.choice(WORDS)}.html"])
        return address + port + path
    if kind == 6:
        return f"http://{word}.{random.choice(TLDS)}"
    return f"{random.choice(SITES)}/{word}-{random.choice(WORDS)}"


def search():
    words = random.sample(WORDS, random.randrange(1, 4))
    extras = ["", "", " near me", f" {random.choice(PLACES)}", f" {random.randrange(2015, 2027)}",
              " review", " cheap", " price", " best"]
    return " ".join(words) + random.choice(extras)


def question():
    word = random.choice(WORDS)
    other = random.choice(WORDS)
    forms = [f"what is a {word}", f"how do i fix my {word}", f"why is my {word} so slow",
             f"can {word} cause {other}", f"who invented the {word}", f"where is {random.choice(PLACES)}",
             f"when does the {word} season start", f"is {word} good for {other}",
             f"how to cook {word}", f"how much does a {word} cost", f"which {word} should i buy",
             f"does {word} go with {other}", f"should i learn {word} or {other}",
             f"what time is it in {random.choice(PLACES)}", f"how far is {random.choice(PLACES)} from {random.choice(PLACES)}"]
    text = random.choice(forms)
    return text + ("?" if random.random() < 0.5 else "")


def calculation():
    a, b, c = random.randrange(1, 1000), random.randrange(1, 100), random.randrange(1, 20)
    forms = [f"{a}+{b}", f"{a} * {b}", f"{a}/{c}", f"{a}-{b}*{c}", f"({a}+{b})*{c}",
             f"{b}% of {a}", f"sqrt({a})", f"{c}^{random.randrange(2, 10)}", f"{a} usd in eur",
             f"{a} km to miles", f"{b} kg in lbs", f"{a} mod {c}", f"{a}.{b} * {c}",
             f"{c}! ", f"log({a})", f"sin({b})", f"{a} f to c", f"{a} eur to usd"]
    return random.choice(forms).strip()


def command():
    forms = ["open settings", "clear history", "close tab", "new tab", "reopen closed tab",
             "bookmark this page", "reload", "go back", "go forward", "show downloads",
             "zoom in", "zoom out", "translate this page", "mute tab", "print page",
             "open incognito window", "show history", "find in page", "save page as",
             "open task manager", "clear cookies", "show bookmarks", "full screen",
             "view source", "open developer tools", "pin tab", "duplicate tab"]
    text = random.choice(forms)
    return text if random.random() < 0.7 else text.capitalize()


GENERATORS = {"url": url, "search": search, "question": question,
              "calculation": calculation, "command": command}

lines = set()
while len(lines) < 3000:
    label = random.choice(list(GENERATORS))
    lines.add(f"__label__{label} {GENERATORS[label]()}")
ordered = sorted(lines)  # a set's order depends on the process's string hashing
random.shuffle(ordered)
with open("tools/ai/data/intent.txt", "w") as out:
    for line in ordered:
        out.write(line + "\n")
