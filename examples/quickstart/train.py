#!/usr/bin/env python3
"""A small real training script for Rung's quick-start: a one-hidden-layer MLP
trained by mini-batch SGD with momentum on a generated three-class spiral
dataset, in pure Python (standard library only).

It follows Rung's conventions:
  * it trains until epoch --epochs (Rung passes {resource});
  * it prints one `rung: {...}` JSON line per epoch with the epoch reached and
    the validation metrics;
  * it checkpoints to --out after every epoch and, when relaunched with a
    larger --epochs (an ASHA promotion), resumes from that checkpoint instead
    of starting again.
"""
import argparse
import json
import math
import os
import random
import sys


def spirals(n_per_class, noise, seed):
    rng = random.Random(seed)
    xs, ys = [], []
    for c in range(3):
        for i in range(n_per_class):
            r = i / n_per_class
            t = c * 4.0 + 4.0 * r + rng.gauss(0, noise)
            xs.append((r * math.sin(t), r * math.cos(t)))
            ys.append(c)
    return xs, ys


def init(hidden, seed):
    rng = random.Random(seed)
    scale1, scale2 = math.sqrt(2.0 / 2), math.sqrt(2.0 / hidden)
    return {
        "w1": [[rng.gauss(0, scale1) for _ in range(2)] for _ in range(hidden)],
        "b1": [0.0] * hidden,
        "w2": [[rng.gauss(0, scale2) for _ in range(hidden)] for _ in range(3)],
        "b2": [0.0] * 3,
    }


def forward(p, x):
    h = [max(0.0, w[0] * x[0] + w[1] * x[1] + b) for w, b in zip(p["w1"], p["b1"])]
    z = [sum(wi * hi for wi, hi in zip(w, h)) + b for w, b in zip(p["w2"], p["b2"])]
    m = max(z)
    e = [math.exp(v - m) for v in z]
    s = sum(e)
    return h, [v / s for v in e]


def evaluate(p, xs, ys):
    loss, correct = 0.0, 0
    for x, y in zip(xs, ys):
        _, prob = forward(p, x)
        loss -= math.log(max(prob[y], 1e-12))
        correct += prob.index(max(prob)) == y
    return loss / len(xs), correct / len(xs)


def train_epoch(p, vel, xs, ys, lr, momentum, l2, batch, rng):
    order = list(range(len(xs)))
    rng.shuffle(order)
    hidden = len(p["b1"])
    for start in range(0, len(order), batch):
        idx = order[start:start + batch]
        g = {"w1": [[0.0, 0.0] for _ in range(hidden)], "b1": [0.0] * hidden,
             "w2": [[0.0] * hidden for _ in range(3)], "b2": [0.0] * 3}
        for i in idx:
            x, y = xs[i], ys[i]
            h, prob = forward(p, x)
            dz = [prob[k] - (1.0 if k == y else 0.0) for k in range(3)]
            for k in range(3):
                g["b2"][k] += dz[k]
                row = g["w2"][k]
                for j in range(hidden):
                    row[j] += dz[k] * h[j]
            for j in range(hidden):
                if h[j] <= 0.0:
                    continue
                dh = sum(dz[k] * p["w2"][k][j] for k in range(3))
                g["b1"][j] += dh
                g["w1"][j][0] += dh * x[0]
                g["w1"][j][1] += dh * x[1]
        n = len(idx)
        for key in ("w1", "w2"):
            for r, (prow, grow, vrow) in enumerate(zip(p[key], g[key], vel[key])):
                for j in range(len(prow)):
                    vrow[j] = momentum * vrow[j] - lr * (grow[j] / n + l2 * prow[j])
                    prow[j] += vrow[j]
        for key in ("b1", "b2"):
            for j in range(len(p[key])):
                vel[key][j] = momentum * vel[key][j] - lr * g[key][j] / n
                p[key][j] += vel[key][j]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--lr", type=float, required=True)
    ap.add_argument("--hidden", type=int, default=16)
    ap.add_argument("--momentum", type=float, default=0.9)
    ap.add_argument("--l2", type=float, default=1e-4)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--epochs", type=int, required=True, help="train until this epoch (Rung's {resource})")
    ap.add_argument("--out", required=True, help="the trial's folder (Rung's {trial_dir}); holds the checkpoint")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    xs, ys = spirals(1000, 0.25, seed=1234)
    vx, vy = spirals(100, 0.25, seed=4321)
    os.makedirs(args.out, exist_ok=True)
    ckpt = os.path.join(args.out, "checkpoint.json")
    if os.path.exists(ckpt):
        with open(ckpt) as f:
            state = json.load(f)
        print(f"resuming from epoch {state['epoch']}", flush=True)
    else:
        p = init(args.hidden, args.seed)
        zeros = {k: ([[0.0] * len(v[0]) for _ in v] if isinstance(v[0], list) else [0.0] * len(v)) for k, v in p.items()}
        state = {"epoch": 0, "params": p, "velocity": zeros, "rng": args.seed}
    rng = random.Random(state["rng"] * 1000 + state["epoch"])
    for epoch in range(state["epoch"] + 1, args.epochs + 1):
        train_epoch(state["params"], state["velocity"], xs, ys, args.lr, args.momentum, args.l2, args.batch, rng)
        loss, acc = evaluate(state["params"], vx, vy)
        if not math.isfinite(loss):
            print(f"epoch {epoch}: loss is nan, training diverged", flush=True)
            return 1
        state["epoch"] = epoch
        tmp = ckpt + ".tmp"
        with open(tmp, "w") as f:
            json.dump(state, f)
        os.replace(tmp, ckpt)  # atomic: a kill mid-write never leaves a torn checkpoint
        print("rung: " + json.dumps({"resource": epoch, "val_accuracy": round(acc, 4), "val_loss": round(loss, 4)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
