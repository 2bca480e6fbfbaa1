"""R1-style transcripts for the starter model (issue 7), generated, never downloaded.

Five tasks, each with several phrasings: 2-digit addition and subtraction, 2-digit x 1-digit
multiplication, comparing numbers, and counting a letter in a word. Each transcript is the
question, a short step-by-step reasoning (what goes inside <think>...</think>) and the answer.

A question's operands decide whether it is held out: held-out operands never reach training in
any phrasing, so the evaluation asks questions the model has not seen.
"""

import hashlib
import random

TASKS = ("add", "sub", "mul", "compare", "count")

# Common English words for the letter-counting task (no proper nouns, 3 to 10 letters).
WORDS = """
apple banana cherry strawberry orange grape lemon melon peach pear plum mango papaya kiwi
house garden window door kitchen bottle letter paper pencil river mountain forest ocean
island desert valley meadow village city street bridge tunnel harbor castle tower market
school teacher student library science history music guitar piano violin drum trumpet
computer keyboard monitor printer network program banana rabbit turtle dolphin elephant
giraffe monkey tiger lion zebra kangaroo penguin parrot eagle falcon sparrow butterfly
mirror blanket pillow carpet ceiling balloon rocket planet galaxy comet asteroid satellite
summer winter autumn spring morning evening midnight tomorrow yesterday weekend holiday
coffee tea butter cheese bread pepper sugar cookie muffin pizza pasta noodle tomato potato
carrot cabbage onion garlic spinach broccoli pumpkin coconut avocado walnut peanut almond
happy sunny rainy stormy cloudy breeze thunder lightning rainbow shadow silver golden purple
yellow green scarlet crimson marble pebble crystal diamond emerald feather ribbon button
necklace umbrella backpack suitcase passport ticket journey adventure mystery puzzle riddle
letter number circle square triangle pyramid cylinder sphere compass anchor lantern candle
wizard dragon knight princess pirate sailor farmer baker doctor nurse pilot engineer artist
hammer ladder shovel bucket basket barrel wheel engine motor bicycle scooter tractor wagon
mississippi committee accommodate possession occurrence embarrass bookkeeper balloon
""".split()
WORDS = sorted(set(WORDS))

NUMBER_WORDS = {0: "no", 1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}


def held_out(task, key):
    """About one question in eight, by its operands, whatever the phrasing."""
    digest = hashlib.sha256(f"{task}:{key}".encode()).digest()
    return digest[0] % 8 == 0


def _add(rng):
    a, b = rng.randint(10, 99), rng.randint(10, 99)
    q = rng.choice([
        f"What is {a} + {b}?",
        f"Add {a} and {b}.",
        f"What is {a} plus {b}?",
        f"Compute {a} + {b}.",
        f"{a} + {b} = ?",
        f"What do you get if you add {b} to {a}?",
    ])
    ones = a % 10 + b % 10
    tens = a // 10 + b // 10 + ones // 10
    steps = [f"I add {a} and {b}, one digit at a time."]
    if ones >= 10:
        steps.append(f"Ones: {a % 10} + {b % 10} = {ones}. I write {ones % 10} and carry 1.")
        steps.append(f"Tens: {a // 10} + {b // 10} + 1 = {tens}.")
    else:
        steps.append(f"Ones: {a % 10} + {b % 10} = {ones}.")
        steps.append(f"Tens: {a // 10} + {b // 10} = {tens}.")
    steps.append(f"So {a} + {b} = {a + b}.")
    return (a, b), q, steps, f"{a} + {b} = {a + b}", str(a + b)


def _sub(rng):
    a, b = rng.randint(10, 99), rng.randint(10, 99)
    q = rng.choice([
        f"What is {a} - {b}?",
        f"Subtract {b} from {a}.",
        f"What is {a} minus {b}?",
        f"Compute {a} - {b}.",
        f"{a} - {b} = ?",
        f"What do you get if you take {b} away from {a}?",
    ])
    steps = []
    big, small = (a, b) if a >= b else (b, a)
    if a < b:
        steps.append(f"{b} is larger than {a}, so the result is negative: {a} - {b} = -({b} - {a}).")
    steps.append(f"I subtract {small} from {big}, one digit at a time.")
    if big % 10 < small % 10:
        steps.append(f"Ones: {big % 10} is less than {small % 10}, so I borrow: "
                     f"{big % 10 + 10} - {small % 10} = {big % 10 + 10 - small % 10}.")
        steps.append(f"Tens: {big // 10} - 1 - {small // 10} = {big // 10 - 1 - small // 10}.")
    else:
        steps.append(f"Ones: {big % 10} - {small % 10} = {big % 10 - small % 10}.")
        steps.append(f"Tens: {big // 10} - {small // 10} = {big // 10 - small // 10}.")
    steps.append(f"So {a} - {b} = {a - b}.")
    return (a, b), q, steps, f"{a} - {b} = {a - b}", str(a - b)


def _mul(rng):
    a, b = rng.randint(10, 99), rng.randint(2, 9)
    q = rng.choice([
        f"What is {a} × {b}?",
        f"What is {a} * {b}?",
        f"Multiply {a} by {b}.",
        f"What is {a} times {b}?",
        f"Compute {b} × {a}.",
        f"{a} × {b} = ?",
    ])
    tens, ones = a // 10 * 10, a % 10
    steps = [f"I split {a} into {tens} + {ones}.",
             f"{tens} × {b} = {tens * b}.",
             f"{ones} × {b} = {ones * b}.",
             f"{tens * b} + {ones * b} = {a * b}.",
             f"So {a} × {b} = {a * b}."]
    return (a, b), q, steps, f"{a} × {b} = {a * b}", str(a * b)


def _compare(rng):
    digits = rng.choice([1, 2, 2, 3, 3])
    a = rng.randint(10 ** (digits - 1) if digits > 1 else 0, 10 ** digits - 1)
    b = a
    while b == a:
        other = rng.choice([digits, digits, max(1, digits - 1), min(3, digits + 1)])
        b = rng.randint(10 ** (other - 1) if other > 1 else 0, 10 ** other - 1)
    kind = rng.choice(["larger", "smaller", "bigger?"])
    if kind == "larger":
        q = rng.choice([f"Which is larger, {a} or {b}?", f"Which number is bigger: {a} or {b}?",
                        f"What is the larger of {a} and {b}?"])
    elif kind == "smaller":
        q = rng.choice([f"Which is smaller, {a} or {b}?", f"Which number is less: {a} or {b}?",
                        f"What is the smaller of {a} and {b}?"])
    else:
        q = rng.choice([f"Is {a} greater than {b}?", f"Is {a} bigger than {b}?"])
    big, small = max(a, b), min(a, b)
    la, lb = len(str(a)), len(str(b))
    if la != lb:
        steps = [f"{a} has {la} digit{'s' if la > 1 else ''} and {b} has {lb} "
                 f"digit{'s' if lb > 1 else ''}.",
                 f"The number with more digits is larger, so {big} > {small}."]
    else:
        sa, sb = str(a), str(b)
        i = next(i for i in range(la) if sa[i] != sb[i])
        place = ["hundreds", "tens", "ones"][3 - la + i]
        steps = [f"Both have {la} digit{'s' if la > 1 else ''}."]
        if i > 0:
            steps.append(f"They agree up to the {place} digit.")
        steps.append(f"{place.capitalize()}: {sa[i]} against {sb[i]}, so {big} > {small}.")
    if kind == "larger":
        answer, final = f"{big} is larger.", str(big)
    elif kind == "smaller":
        answer, final = f"{small} is smaller.", str(small)
    else:
        yes = a > b
        answer = f"{'Yes' if yes else 'No'}, {a} is {'greater' if yes else 'less'} than {b}."
        final = "Yes" if yes else "No"
    return (a, b, kind), q, steps, answer, final


def _count(rng):
    word = rng.choice(WORDS)
    letter = rng.choice(sorted(set(word)) + [rng.choice("abcdefghijklmnopqrstuvwxyz")])
    q = rng.choice([
        f"How many times does the letter {letter} appear in {word}?",
        f"How many {letter}'s are in the word {word}?",
        f"Count the letter {letter} in {word}.",
        f'How many times does "{letter}" occur in "{word}"?',
    ])
    positions = [i + 1 for i, c in enumerate(word) if c == letter]
    steps = [f"I spell {word}: {', '.join(word)}."]
    if positions:
        steps.append(f"{letter} is at position{'s' if len(positions) > 1 else ''} "
                     f"{', '.join(map(str, positions))}.")
    else:
        steps.append(f"No letter is {letter}.")
    steps.append(f"That is {len(positions)}.")
    n = len(positions)
    answer = f"The letter {letter} appears {n} time{'s' if n != 1 else ''} in {word}."
    return (word, letter), q, steps, answer, str(n)


MAKERS = {"add": _add, "sub": _sub, "mul": _mul, "compare": _compare, "count": _count}


def transcript(task, rng):
    """(key, question, reasoning, answer, final) with the final answer as the evaluation
    compares it."""
    key, question, steps, answer, final = MAKERS[task](rng)
    return key, question, "\n".join(steps), f"{answer}\nThe answer is {final}.", final


def stream(task, seed, want_held_out):
    """Endless transcripts of `task`, all held out or none."""
    rng = random.Random(f"{task}:{seed}")
    while True:
        item = transcript(task, rng)
        if held_out(task, item[0]) == want_held_out:
            yield item


def examples(task, count, seed, want_held_out):
    """The first `count` of stream()."""
    items = stream(task, seed, want_held_out)
    return [next(items) for _ in range(count)]


def evaluation_set(task, count=200, seed=2026):
    """Distinct held-out questions, the same every time."""
    rng = random.Random(f"eval:{task}:{seed}")
    seen, out = set(), []
    while len(out) < count:
        item = transcript(task, rng)
        if held_out(task, item[0]) and item[1] not in seen:
            seen.add(item[1])
            out.append(item)
    return out
