"""Evaluates the starter model through Hearth's own engine (`hearth-cli run --chat`, greedy),
on held-out questions of every task (tasks.evaluation_set): exact answers, and well-formed
reasoning (a non-empty <think> block, closed once, then an answer that ends "The answer is X."
and the end of the turn, not the token limit).

    python3 tools/starter/evaluate.py HEARTH_CLI MODEL [--per-task N] [--min-exact P] [--min-formed P]

Prints one line per task and the totals; exits 1 when a minimum is missed (for ctest).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tasks  # noqa: E402

MAX_TOKENS = 200
FINAL = re.compile(r"The answer is (-?\w+)\.$")


def ask(cli, model, questions):
    """The replies to `questions`, each its own chat, from one hearth-cli process."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8") as f:
        f.write("\n".join(questions) + "\n")
        f.flush()
        out = subprocess.run([cli, "run", model, "--chat", "--prompts", f.name, "--temp", "0",
                              "-n", str(MAX_TOKENS), "--json"],
                             capture_output=True, text=True, check=True)
    replies = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    assert len(replies) == len(questions), out.stderr
    return replies


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("cli")
    parser.add_argument("model")
    parser.add_argument("--per-task", type=int, default=200)
    parser.add_argument("--min-exact", type=float, default=0.0)
    parser.add_argument("--min-formed", type=float, default=0.0)
    parser.add_argument("--show-failures", type=int, default=3)
    args = parser.parse_args()

    total = exact_total = formed_total = 0
    failed = False
    for task in tasks.TASKS:
        exact = formed = 0
        shown = 0
        items = tasks.evaluation_set(task, args.per_task)
        replies = ask(args.cli, args.model, [item[1] for item in items])
        for (_, question, _, _, final), reply in zip(items, replies):
            answer = reply["text"].strip()
            match = FINAL.search(answer)
            well_formed = (reply["reasoning"].strip() != "" and match is not None
                           and len(reply["tokens"]) < MAX_TOKENS and "</think>" not in answer)
            correct = match is not None and match.group(1) == final
            formed += well_formed
            exact += correct
            if not correct and shown < args.show_failures:
                shown += 1
                print(f"  {task}: {question!r} expected {final}, got {answer[-60:]!r}")
        n = len(items)
        print(f"{task:8s} exact {exact}/{n} ({100 * exact / n:.1f}%)  "
              f"well-formed {formed}/{n} ({100 * formed / n:.1f}%)", flush=True)
        failed |= exact / n < args.min_exact or formed / n < args.min_formed
        total += n
        exact_total += exact
        formed_total += formed
    print(f"all      exact {exact_total}/{total} ({100 * exact_total / total:.1f}%)  "
          f"well-formed {formed_total}/{total} ({100 * formed_total / total:.1f}%)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
