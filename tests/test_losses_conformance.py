"""dlnotes.losses against PyTorch's own test inputs (issue 17).

Four sources from ``torch.testing._internal``: the ``op_db`` OpInfos (``sample_inputs``,
``reference_inputs``, ``error_inputs``), ``common_nn``'s criterion tests (``criterion_tests`` and
the loss entries of ``get_new_module_tests()``) and the ``common_modules.module_db`` ModuleInfos of
the ``nn.*Loss`` classes (inputs and error inputs), in float64 and float32.

Each case is run twice on the same tensors: once as PyTorch ships it, once with the losses of
``torch.nn.functional`` replaced by dlnotes' (the ``nn.*Loss`` modules and ``common_nn``'s wrappers
call ``F.<loss>`` at run time, so the same call reaches dlnotes). A case matches when both
raise (dlnotes with a ValueError or TypeError of its own), or both return the same value (dtype
tolerances, NaN where PyTorch has NaN) and the same gradient with respect to every input that
requires grad. ``ctc_loss``'s gradient is compared through the
documented relation to PyTorch's (see :func:`dlnotes.losses.ctc_loss`).

Run ``PYTHONPATH=$PWD python tests/test_losses_conformance.py`` for the table alone.
"""

from __future__ import annotations

import contextlib
import inspect
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pytest
import torch
import torch.nn.functional as F

import dlnotes.losses as L
from dlnotes.loss_records import LOSSES

# torch.testing._internal imports expecttest and hypothesis (both in the `test` extra): without
# them this module fails at collection, on purpose, rather than skipping the comparison.

NAMES = tuple(L.__all__)
MODULES = {loss.module: loss.name for loss in LOSSES}  # nn.*Loss class -> the functional


def _loss_of(test_name: str) -> str | None:
    """The functional a ``common_nn`` test exercises, from its name's first part: "NLLLoss" or
    the variants "NLLLoss2d", "NLLLossNd" (image-shaped inputs) give "nll_loss"."""
    module = test_name.split("_")[0]
    return MODULES.get(module.removesuffix("2d").removesuffix("Nd"))


DTYPES = (torch.float64, torch.float32)


@dataclass
class Case:
    loss: str  # the dlnotes/F name
    source: str  # "op_db", "common_nn", "module_db"
    label: str
    call: object  # () -> Tensor, calls F.<loss> (or a module) at run time
    leaves: list = field(default_factory=list)  # tensors whose gradients are compared
    error: bool = False  # an error input: PyTorch raises


@dataclass
class Outcome:
    case: Case
    status: str  # "match", "mismatch"
    detail: str = ""


# -- routing F.<loss> to dlnotes --------------------------------------------------------------


class _Recorder:
    """Which dlnotes losses a call reached, with their bound arguments."""

    def __init__(self):
        self.calls = []

    def wrap(self, name):
        function = getattr(L, name)
        signature = inspect.signature(function)

        def routed(*args, **kwargs):
            bound = signature.bind(*args, **kwargs)
            bound.apply_defaults()
            self.calls.append((name, bound.arguments))
            return function(*args, **kwargs)

        return routed


@contextlib.contextmanager
def _routed(recorder):
    saved = {name: getattr(F, name) for name in NAMES}
    try:
        for name in NAMES:
            setattr(F, name, recorder.wrap(name))
        yield
    finally:
        for name, function in saved.items():
            setattr(F, name, function)


# -- collecting the cases ---------------------------------------------------------------------


def _leaves(*objects):
    found = []

    def visit(x):
        if isinstance(x, torch.Tensor):
            if x.requires_grad and x.is_leaf and all(x is not y for y in found):
                found.append(x)
        elif isinstance(x, (list, tuple)):
            for y in x:
                visit(y)
        elif isinstance(x, dict):
            for y in x.values():
                visit(y)

    for obj in objects:
        visit(obj)
    return found


def _op_db_cases():
    from torch.testing._internal.common_methods_invocations import op_db

    ops = [o for o in op_db if o.name.startswith("nn.functional.") and o.name[14:] in NAMES]
    for op in ops:
        name = op.name[14:]
        for dtype in DTYPES:
            for kind in ("sample_inputs", "reference_inputs"):
                if kind == "reference_inputs" and op.reference_inputs_func is None:
                    continue
                for i, s in enumerate(getattr(op, kind)("cpu", dtype, requires_grad=True)):

                    def call(s=s, name=name):
                        return getattr(F, name)(s.input, *s.args, **s.kwargs)

                    yield Case(
                        name,
                        "op_db",
                        f"{kind}[{i}] {dtype}",
                        call,
                        _leaves(s.input, s.args, s.kwargs),
                    )
        errors = op.error_inputs("cpu") if op.error_inputs_func is not None else ()
        for i, e in enumerate(errors):
            s = e.sample_input

            def call(s=s, name=name):
                return getattr(F, name)(s.input, *s.args, **s.kwargs)

            yield Case(name, "op_db", f"error_inputs[{i}]", call, error=True)


def _to(x, dtype):
    if isinstance(x, torch.Tensor) and x.is_floating_point():
        return x.detach().to(dtype)
    return x


def _grad(x):
    return x.requires_grad_() if isinstance(x, torch.Tensor) and x.is_floating_point() else x


def _common_nn_cases():
    from torch.testing._internal import common_nn

    tests = [
        t
        for t in [*common_nn.criterion_tests, *common_nn.get_new_module_tests()]
        if _loss_of(t.get("fullname", t.get("module_name", "")))
    ]
    for t in tests:
        full = t.get("fullname") or t["module_name"]
        name = _loss_of(full)
        for dtype in DTYPES:
            torch.manual_seed(0)
            with _default_dtype(dtype):
                module = t["constructor"](*t.get("constructor_args", ()))
                x = _arg(t, "input")
                y = _arg(t, "target") if ("target_fn" in t or "target_size" in t) else None
            xs = tuple(_grad(_to(v, dtype)) for v in (x if isinstance(x, tuple) else (x,)))
            args = xs if y is None else (*xs, _to(y, dtype))
            module = module.to(dtype)

            def call(module=module, args=args):
                return module(*args)

            yield Case(name, "common_nn", f"{full} {dtype}", call, _leaves(xs))


@contextlib.contextmanager
def _default_dtype(dtype):
    old = torch.get_default_dtype()
    torch.set_default_dtype(dtype)
    try:
        yield
    finally:
        torch.set_default_dtype(old)


def _arg(test, name):
    if f"{name}_fn" in test:
        return test[f"{name}_fn"]()
    if name in test:
        return test[name]
    return torch.randn(test[f"{name}_size"])


def _module_db_cases():
    from torch.testing._internal.common_modules import module_db

    infos = [m for m in module_db if m.module_cls.__name__ in MODULES]
    for info in infos:
        cls = info.module_cls
        name = MODULES[cls.__name__]
        for dtype in DTYPES:
            inputs = info.module_inputs_func(info, "cpu", dtype, requires_grad=True, training=True)
            for i, m in enumerate(inputs):
                c, f = m.constructor_input, m.forward_input

                def call(c=c, f=f, cls=cls, dtype=dtype):
                    return cls(*c.args, **c.kwargs).to(dtype)(*f.args, **f.kwargs)

                leaves = _leaves(f.args, f.kwargs)
                yield Case(name, "module_db", f"{cls.__name__}[{i}] {dtype}", call, leaves)
        if info.module_error_inputs_func is not None:
            errors = info.module_error_inputs_func(info, "cpu", torch.float32, False, True)
            for i, e in enumerate(errors):
                c, f = e.module_error_input.constructor_input, e.module_error_input.forward_input

                def call(c=c, f=f, cls=cls):
                    return cls(*c.args, **c.kwargs)(*f.args, **f.kwargs)

                yield Case(name, "module_db", f"{cls.__name__} error[{i}]", call, error=True)


# -- running a case ---------------------------------------------------------------------------


def _run(call, leaves, cotangent=None):
    """Value and gradients of ``call()``, or the exception it raised."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            out = call()
        except Exception as error:  # any error counts as "raised"
            return error, None, None
        grads = None
        grad_leaves = [x for x in leaves]
        if grad_leaves and isinstance(out, torch.Tensor) and out.requires_grad:
            if cotangent is None:
                g = torch.Generator().manual_seed(1)
                cotangent = torch.randn(out.shape, generator=g, dtype=out.dtype)
            try:
                grads = torch.autograd.grad(
                    out, grad_leaves, cotangent, allow_unused=True, retain_graph=False
                )
            except RuntimeError as error:
                grads = error
        return out, grads, cotangent


# ctc_loss in float32 runs a 50-frame recursion: PyTorch's own float32 gradient differs from its
# float64 one by 1.0e-4 on op_db's first sample (dlnotes' by 1.1e-5), over the default 1e-5.
LOOSER = {("ctc_loss", torch.float32): {"rtol": 2e-4, "atol": 2e-4}}


def _close(a, b, what, loss=""):
    if not isinstance(a, torch.Tensor) or not isinstance(b, torch.Tensor):
        return "" if a == b else f"{what}: {a!r} vs {b!r}"
    try:
        tolerance = LOOSER.get((loss, b.dtype), {})
        torch.testing.assert_close(a, b, equal_nan=True, **tolerance)
    except AssertionError as error:
        return f"{what}: {str(error).splitlines()[0]} {str(error).splitlines()[-1][:120]}"
    return ""


def _ctc_expected_torch_grad(a, dl_grad, cotangent):
    """PyTorch's ctc_loss gradient from dlnotes' (the relation in ctc_loss's docstring).

    PyTorch returns the gradient with respect to the logits behind ``log_softmax``: dlnotes'
    gradient plus ``exp(log_probs) · grad_out`` of each sequence on its valid frames (none where
    ``zero_infinity`` zeroed an infinite loss).
    """
    log_probs = a["log_probs"].detach()
    unbatched = log_probs.dim() == 2
    lp = log_probs[:, None] if unbatched else log_probs  # (T, N, C)
    grad = dl_grad[:, None] if unbatched else dl_grad
    n_frames, batch, _ = lp.shape
    input_lengths = torch.as_tensor(a["input_lengths"]).reshape(-1)
    target_lengths = torch.as_tensor(a["target_lengths"]).reshape(-1)
    if a["reduction"] == "mean":
        grad_out = cotangent.expand(batch) / (batch * target_lengths.clamp_min(1))
    else:
        grad_out = cotangent.reshape(-1).expand(batch)
    if a["zero_infinity"]:
        losses = F.ctc_loss(
            lp,
            a["targets"] if not unbatched else torch.as_tensor(a["targets"]).reshape(1, -1),
            input_lengths,
            target_lengths,
            a["blank"],
            "none",
            False,
        )
        grad_out = torch.where(torch.isinf(losses), 0.0, grad_out)
    frames = torch.arange(n_frames)[:, None] < input_lengths  # (T, N)
    expected = grad + lp.exp() * (grad_out * frames)[..., None]
    return expected[:, 0] if unbatched else expected


def check(case: Case) -> Outcome:
    """Run ``case`` through PyTorch and through dlnotes; compare."""
    torch_out, torch_grads, cotangent = _run(case.call, case.leaves)
    recorder = _Recorder()
    with _routed(recorder):
        dl_out, dl_grads, _ = _run(case.call, case.leaves, cotangent)
    torch_raised = isinstance(torch_out, Exception)
    dl_raised = isinstance(dl_out, Exception)
    if torch_raised or dl_raised:
        if torch_raised and dl_raised and not recorder.calls:  # e.g. an nn.*Loss constructor
            return Outcome(case, "not reached", "PyTorch raised before calling the loss")
        if torch_raised and dl_raised:
            if recorder.calls and not isinstance(dl_out, (ValueError, TypeError)):
                return Outcome(
                    case, "mismatch", f"dlnotes raises no message of its own: {dl_out!r}"
                )
            return Outcome(case, "match")
        if torch_raised:
            return Outcome(case, "mismatch", f"PyTorch raises {torch_out!r}, dlnotes does not")
        return Outcome(case, "mismatch", f"dlnotes raises {dl_out!r}")
    if case.error:
        return Outcome(case, "mismatch", "an error input, but PyTorch did not raise")
    problem = _close(dl_out, torch_out, "value", case.loss)
    if not problem and isinstance(dl_out, torch.Tensor) and dl_out.dtype != torch_out.dtype:
        problem = f"dtype {dl_out.dtype} vs {torch_out.dtype}"
    if problem:
        return Outcome(case, "mismatch", problem)
    if isinstance(torch_grads, Exception) or isinstance(dl_grads, Exception):
        if isinstance(torch_grads, Exception) != isinstance(dl_grads, Exception):
            return Outcome(case, "mismatch", f"backward: {torch_grads!r} / {dl_grads!r}")
        return Outcome(case, "match")
    if torch_grads is None:
        return Outcome(case, "match")
    ctc = [args for name, args in recorder.calls if name == "ctc_loss"]
    for i, (leaf, tg, dg) in enumerate(zip(case.leaves, torch_grads, dl_grads, strict=True)):
        tg = torch.zeros_like(leaf) if tg is None else tg
        dg = torch.zeros_like(leaf) if dg is None else dg
        if ctc and ctc[0]["log_probs"] is leaf:
            dg = _ctc_expected_torch_grad(ctc[0], dg, cotangent)
        problem = _close(dg, tg, f"gradient {i}", case.loss)
        if problem:
            return Outcome(case, "mismatch", problem)
    return Outcome(case, "match")


# -- the tests --------------------------------------------------------------------------------

SOURCES = {"op_db": _op_db_cases, "common_nn": _common_nn_cases, "module_db": _module_db_cases}


@pytest.fixture(scope="module")
def outcomes():
    return [check(case) for source in SOURCES.values() for case in source()]


def table(outcomes) -> str:
    tried, matched = Counter(), Counter()
    unreached = sum(o.status == "not reached" for o in outcomes)
    outcomes = [o for o in outcomes if o.status != "not reached"]
    for o in outcomes:
        tried[(o.case.loss, o.case.source)] += 1
        matched[(o.case.loss, o.case.source)] += o.status == "match"
    rows = [f"{'loss':30} " + " ".join(f"{s:>13}" for s in SOURCES) + f" {'all':>13}"]
    for name in NAMES:
        cells = []
        for source in SOURCES:
            n = tried[(name, source)]
            cells.append(f"{matched[(name, source)]:>6} of {n:<4}" if n else f"{'-':>13}")
        total_n = sum(tried[(name, s)] for s in SOURCES)
        total_m = sum(matched[(name, s)] for s in SOURCES)
        rows.append(f"{name:30} " + " ".join(cells) + f" {total_m:>6} of {total_n:<4}")
    m, n = sum(matched.values()), sum(tried.values())
    rows.append(f"{'total':30} " + " " * (14 * len(SOURCES)) + f"{m:>6} of {n:<4}")
    rows.append(
        f"({unreached} error inputs raised in PyTorch before any loss was called: not counted)"
    )
    return "\n".join(rows)


def test_every_loss_matches_pytorch_on_pytorch_inputs(outcomes, capsys):
    with capsys.disabled():
        print("\n" + table(outcomes))
    covered = {o.case.loss for o in outcomes}
    assert covered == set(NAMES), f"no PyTorch inputs for {set(NAMES) - covered}"
    bad = defaultdict(list)
    for o in outcomes:
        if o.status == "mismatch":
            bad[o.case.loss].append(f"{o.case.source} {o.case.label}: {o.detail}")
    report = "\n".join(f"{k}: {len(v)}\n  " + "\n  ".join(v[:6]) for k, v in bad.items())
    assert not bad, report


# Every deliberate difference, as its docstring names it (and the test that shows it).
DOCUMENTED = {
    "ctc_loss": ["PyTorch issue 52241", "A target longer than its input"],  # check() above;
    # test_losses.py::test_ctc_gradient_*, test_loss_errors.py "ctc target longer than input"
    "soft_margin_loss": [
        "Large margins stay finite"
    ],  # test_losses.py: ..._where_pytorch_overflows
    "multi_margin_loss": ["empty batch"],  # test_losses.py::test_mean_over_an_empty_batch_is_nan
    "multilabel_margin_loss": ["empty batch"],
}


def test_every_documented_difference_is_in_its_docstring():
    for name in NAMES:
        doc = getattr(L, name).__doc__
        assert ("Differences from PyTorch" in doc) == (name in DOCUMENTED), name
        for phrase in DOCUMENTED.get(name, []):
            assert phrase in doc, f"{name}: {phrase!r}"
    assert all(name in L.__doc__ for name in DOCUMENTED), "the module docstring lists them all"


if __name__ == "__main__":
    results = [check(case) for source in SOURCES.values() for case in source()]
    print(table(results))
    for o in results:
        if o.status == "mismatch":
            print(o.case.loss, o.case.source, o.case.label, o.detail[:300])
