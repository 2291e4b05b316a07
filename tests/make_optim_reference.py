"""Print PyTorch's reference numbers for tests/test_optim.py (which must not import torch).

    .venv/bin/pip install torch==2.13.0
    .venv/bin/python tests/make_optim_reference.py > /tmp/reference.py

then paste the printed literals into tests/test_optim.py. The test imports the problem, its starting point
and the option combinations from this file (torch is imported only when the script runs), so both always
describe the same runs; after changing them here, run the script again and paste its output.

The problem: a Rosenbrock-like valley in float64, with a tensor a (3,), a tensor b (3,), a matrix M (2, 3),
a scalar c, and a parameter `unused` that the loss never reaches (its grad stays None, so it must not move):

    loss = sum((1 - a)^2) + 5 * sum((b - a^2)^2) + sum((M @ a - t)^2) + c^2 * sum(b^2) - c
"""
import math
import pprint

STEPS = 20
START = {"a": [-1.2, 1.0, 0.5], "b": [1.0, 0.8, -0.3], "M": [[0.5, -0.2, 0.1], [0.3, 0.8, -0.5]], "c": 0.7,
         "unused": [1.0, 2.0]}
TARGET = [0.5, -1.0]

OPTIMIZERS = [
    ("SGD", {"lr": 0.01}),
    ("SGD", {"lr": 0.01, "momentum": 0.9}),
    ("SGD", {"lr": 0.01, "momentum": 0.9, "dampening": 0.1, "weight_decay": 0.1}),
    ("SGD", {"lr": 0.01, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}),
    ("Adam", {"lr": 0.05}),
    ("Adam", {"lr": 0.05, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.1}),
    ("AdamW", {"lr": 0.05}),
    ("AdamW", {"lr": 0.05, "betas": (0.8, 0.99), "weight_decay": 0.1}),
    ("Adagrad", {"lr": 0.1}),
    ("Adagrad", {"lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.1, "initial_accumulator_value": 0.1}),
    ("Adadelta", {}),
    ("Adadelta", {"lr": 0.5, "rho": 0.8, "weight_decay": 0.1}),
    ("RMSprop", {"lr": 0.01}),
    ("RMSprop", {"lr": 0.01, "centered": True}),
    ("RMSprop", {"lr": 0.01, "momentum": 0.9, "weight_decay": 0.1}),
    ("RMSprop", {"lr": 0.01, "alpha": 0.9, "momentum": 0.5, "centered": True, "weight_decay": 0.1}),
]


PLATEAU_METRICS = [1.0, 0.9, 0.95, 0.9, 0.91, 0.85, 0.86, 0.86, 0.87, 0.8, 0.5, 0.6, 0.7, 0.7, 0.7, 0.4, 0.45,
                   0.45, 0.45, 0.45]

CLIP_GRADS = [[3.0, -4.0], [[1.0, 2.0], [-2.0, 0.5]], [0.25]]
CLIP_CASES = [(1.0, 2.0), (100.0, 2.0), (2.0, 1.0), (1.5, math.inf), (0.5, 3.0)]


def loss_fn(p, target):
    """The loss, written once for torch tensors and minigrad Values alike (target: the vector t)."""
    a, b, M, c = p["a"], p["b"], p["M"], p["c"]
    return (((1 - a) ** 2).sum() + 5 * ((b - a ** 2) ** 2).sum() + ((M @ a - target) ** 2).sum()
            + c ** 2 * (b ** 2).sum() - c)


def trajectory(name, options):
    import torch
    params = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in START.items()}
    optimizer = getattr(torch.optim, name)(params.values(), **options)
    losses = []
    for _ in range(STEPS):
        optimizer.zero_grad()
        loss = loss_fn(params, torch.tensor(TARGET, dtype=torch.float64))
        losses.append(loss.item())
        loss.backward()
        optimizer.step()
    return {"losses": losses, "final": {k: v.detach().tolist() for k, v in params.items()}}


def schedules():
    import torch

    def run(make, metrics=None):
        optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
        scheduler = make(optimizer)
        lrs = []
        for epoch in range(STEPS):
            optimizer.step()
            scheduler.step(*([metrics[epoch]] if metrics else []))
            lrs.append(optimizer.param_groups[0]["lr"])
        return lrs

    lr_sched = torch.optim.lr_scheduler
    return {
        "StepLR": run(lambda o: lr_sched.StepLR(o, step_size=3, gamma=0.5)),
        "ExponentialLR": run(lambda o: lr_sched.ExponentialLR(o, gamma=0.9)),
        "CosineAnnealingLR": run(lambda o: lr_sched.CosineAnnealingLR(o, T_max=7, eta_min=0.001)),
        "ReduceLROnPlateau_min": run(lambda o: lr_sched.ReduceLROnPlateau(o, patience=2, cooldown=1, factor=0.5),
                                     PLATEAU_METRICS),
        "ReduceLROnPlateau_max_abs": run(lambda o: lr_sched.ReduceLROnPlateau(
            o, mode="max", factor=0.5, patience=1, threshold=0.05, threshold_mode="abs", min_lr=0.01),
            PLATEAU_METRICS),
    }


def clipping():
    import torch
    out = []
    for max_norm, norm_type in CLIP_CASES:
        params = [torch.zeros(torch.tensor(g).shape, dtype=torch.float64, requires_grad=True) for g in CLIP_GRADS]
        for p, g in zip(params, CLIP_GRADS):
            p.grad = torch.tensor(g, dtype=torch.float64)
        total = torch.nn.utils.clip_grad_norm_(params, max_norm, norm_type).item()
        out.append({"total_norm": total, "grads": [p.grad.tolist() for p in params]})
    return out


if __name__ == "__main__":
    import torch
    print(f"# made by tests/make_optim_reference.py with torch {torch.__version__}")
    print("TRAJECTORIES = " + pprint.pformat([trajectory(n, o) for n, o in OPTIMIZERS], width=116, compact=True))
    print("SCHEDULES = " + pprint.pformat(schedules(), width=116, compact=True))
    print("CLIPPING = " + pprint.pformat(clipping(), width=116, compact=True))
