"""dlnotes.transforms: hand-computed expectations everywhere; torchvision where it imports
(marked gpu: the GPU environment has it)."""

import os
import pickle

import numpy as np
import pytest
import torch
from helpers import assert_explained
from PIL import Image

from dlnotes import transforms as T


def g(seed=0):
    return torch.Generator().manual_seed(seed)


def test_to_tensor_and_back():
    array = np.array([[[0, 128, 255], [10, 20, 30]]], dtype=np.uint8)  # (H=1, W=2, C=3)
    x = T.ToTensor()(array)
    assert x.shape == (3, 1, 2) and x.dtype == torch.float32
    torch.testing.assert_close(x[:, 0, 0], torch.tensor([0.0, 128 / 255, 1.0]))
    image = T.ToPILImage()(x)
    assert image.mode == "RGB" and np.array_equal(np.array(image), array)
    grey = T.ToTensor()(Image.fromarray(np.array([[0, 255]], dtype=np.uint8)))
    assert grey.tolist() == [[[0.0, 1.0]]]


def test_normalize_per_channel():
    x = torch.stack([torch.full((2, 2), 0.5), torch.full((2, 2), 1.0)])
    out = T.Normalize(mean=[0.5, 0.0], std=[0.1, 2.0])(x)
    assert out[0].eq(0).all() and out[1].eq(0.5).all()


def test_center_crop_and_padding():
    x = torch.arange(25.0).reshape(1, 5, 5)
    assert T.CenterCrop(3)(x)[0].tolist() == [[6, 7, 8], [11, 12, 13], [16, 17, 18]]
    padded = T.CenterCrop(7)(x)
    assert padded.shape == (1, 7, 7) and padded[0, 0].eq(0).all() and padded[0, 1, 1] == 0.0
    assert torch.equal(padded[:, 1:6, 1:6], x)


def test_random_crop_is_seeded_and_shifts_content():
    x = torch.arange(16.0).reshape(1, 4, 4)
    crops = [T.RandomCrop(4, padding=1, generator=g(s))(x) for s in range(20)]
    assert torch.equal(T.RandomCrop(4, padding=1, generator=g(3))(x), crops[3])
    offsets = {tuple((c == 0).nonzero()[0].tolist()) for c in crops if (c == 0).any()}
    assert len({c.sum().item() for c in crops}) > 1 and offsets  # different windows, zero border


def test_flips():
    x = torch.arange(6.0).reshape(1, 2, 3)
    assert torch.equal(T.RandomHorizontalFlip(p=1)(x), x.flip(-1))
    assert torch.equal(T.RandomVerticalFlip(p=1)(x), x.flip(-2))
    assert torch.equal(T.RandomHorizontalFlip(p=0)(x), x)
    flipped = sum(
        not torch.equal(T.RandomHorizontalFlip(p=0.5, generator=gen)(x), x)
        for gen in [g(0)]
        for _ in range(400)
    )
    assert 150 < flipped < 250  # about half


def pipeline(seed):
    return T.Compose(
        [
            T.RandomCrop(4, padding=2, generator=g(seed)),
            T.RandomHorizontalFlip(p=0.5, generator=g(seed + 1)),
            T.RandomVerticalFlip(p=0.5, generator=g(seed + 2)),
        ]
    )


def test_a_pickled_random_transform_continues_from_the_same_state():
    x = torch.arange(16.0).reshape(1, 4, 4)
    original = pipeline(0)
    original(x)  # advance the generators first: the copy starts where they are now
    copy = pickle.loads(pickle.dumps(original))
    pairs = zip(copy.transforms, original.transforms, strict=True)
    assert all(c.generator is not o.generator for c, o in pairs)
    draws = [original(x) for _ in range(20)]
    assert all(torch.equal(copy(x), d) for d in draws)
    assert len({tuple(d.flatten().tolist()) for d in draws}) > 5  # they do vary
    unseeded = pickle.loads(pickle.dumps(T.RandomCrop(4, padding=2)))
    assert unseeded.generator is None


def test_worker_processes_get_copies_of_the_generator_even_when_spawned():
    """A DataLoader worker receives the transform pickled; started with spawn, a bare
    torch.Generator would crash it on Linux (pytorch/pytorch#146828). Every worker gets the same
    state, hence draws what the main process would draw next."""
    from torch.utils.data import DataLoader

    images = [torch.arange(16.0).reshape(1, 4, 4)] * 6
    for context in ("spawn", "fork") if hasattr(os, "fork") else ("spawn",):
        transform = pipeline(0)
        loader = DataLoader(
            images,
            batch_size=None,
            collate_fn=transform,  # without batching, applied to each sample: in the worker
            num_workers=2,
            multiprocessing_context=context,
        )
        # samples go to the workers in turn: 0, 2, 4 to worker 0, the others to worker 1
        drawn = list(loader)
        here = [transform(x) for x in images[:3]]
        for i in range(3):
            assert torch.equal(drawn[2 * i], here[i]), context
            assert torch.equal(drawn[2 * i + 1], here[i]), context


def test_resize_shapes_and_values():
    x = torch.ones(1, 8, 16)
    assert T.Resize(4)(x).shape == (1, 4, 8) and T.Resize((3, 5))(x).shape == (1, 3, 5)
    torch.testing.assert_close(T.Resize(4)(x), torch.ones(1, 4, 8))  # constants stay constant
    ramp = torch.arange(4.0).repeat(4, 1)[None]  # (1, 4, 4), columns 0..3
    small = T.Resize(2)(ramp)
    # Antialiased 2× shrink: a triangle filter twice as wide, centred at input x = 0.5 and 2.5;
    # weights 3/4, 3/4, 1/4 on the three columns in reach, renormalized at the border.
    expected = torch.tensor(
        [(0 * 0.75 + 1 * 0.75 + 2 * 0.25) / 1.75, (1 * 0.25 + 2 * 0.75 + 3 * 0.75) / 1.75]
    )
    torch.testing.assert_close(small[0, 0], expected)
    batch = T.Resize(2)(torch.zeros(5, 3, 8, 8))
    assert batch.shape == (5, 3, 2, 2)


def test_compose_runs_in_order():
    pipeline = T.Compose([T.CenterCrop(2), T.Normalize([1.0], [2.0])])
    out = pipeline(torch.full((1, 4, 4), 3.0))
    assert out.shape == (1, 2, 2) and out.eq(1.0).all()
    assert "CenterCrop" in repr(pipeline)


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (
            lambda: T.Normalize([0.5] * 3, [0.5] * 3)(torch.zeros(28, 28, 3)),
            ValueError,
            ["3 means but the image has 28 channels", "x.permute(2, 0, 1)"],
        ),
        (
            lambda: T.Normalize([0.5], [0.5])(torch.zeros(1, 4, 4, dtype=torch.uint8)),
            TypeError,
            ["float pixels", "ToTensor"],
        ),
        (lambda: T.CenterCrop(2)(torch.zeros(4, 4)), ValueError, ["(C, H, W)", "unsqueeze(0)"]),
        (lambda: T.ToTensor()(torch.zeros(1, 2, 2)), TypeError, ["already a tensor"]),
        (lambda: T.RandomCrop(10)(torch.zeros(1, 4, 4)), ValueError, ["does not fit", "4×4"]),
        (lambda: T.RandomHorizontalFlip(p=2), ValueError, ["probability"]),
        (lambda: T.Normalize([0.5], [0.0]), ValueError, ["non-zero"]),
        (lambda: T.Resize(4)(np.zeros((1, 8, 8))), TypeError, ["ToTensor() first"]),
    ],
)
def test_misuse_is_explained(call, error, words):
    assert_explained(call, error, words)


@pytest.mark.gpu
def test_against_torchvision():
    tv = pytest.importorskip("torchvision.transforms")
    x = torch.rand(3, 20, 30, generator=g())
    pairs = [
        (
            T.Normalize([0.1, 0.2, 0.3], [0.5, 0.6, 0.7]),
            tv.Normalize([0.1, 0.2, 0.3], [0.5, 0.6, 0.7]),
        ),
        (T.CenterCrop((11, 7)), tv.CenterCrop((11, 7))),
        (T.CenterCrop(40), tv.CenterCrop(40)),
        (T.Resize(10), tv.Resize(10, antialias=True)),
        (T.Resize((37, 41)), tv.Resize((37, 41), antialias=True)),
        (T.RandomHorizontalFlip(p=1), tv.RandomHorizontalFlip(p=1)),
        (T.RandomVerticalFlip(p=1), tv.RandomVerticalFlip(p=1)),
    ]
    for ours, theirs in pairs:
        torch.testing.assert_close(ours(x), theirs(x), atol=1e-5, rtol=1e-5)
    array = (np.random.default_rng(0).random((5, 6, 3)) * 255).astype(np.uint8)
    torch.testing.assert_close(T.ToTensor()(array), tv.ToTensor()(array))
    assert np.array_equal(np.array(T.ToPILImage()(x)), np.array(tv.ToPILImage()(x)))
