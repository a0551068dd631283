"""Image transforms with torchvision's names and semantics, on tensors.

This site is built without torchvision. Its wheels run on a CPU, but the package index this site
is built from offers only the ones that depend on torch's CUDA build, several GB to download and
install, for every build and every CI run; so these are the transforms the tutorials teach,
written out. They take images as tensors of shape ``(C, H, W)`` (or with leading batch
dimensions, ``(..., C, H, W)``, transformed alike). The random ones draw from an explicit
``generator`` when given one, so that an augmentation pipeline is reproducible on its own, and
from PyTorch's global random state otherwise, as torchvision's do.

In ``DataLoader`` worker processes, each worker receives a *copy* of the dataset and its
transforms, generator state included: with a ``generator``, every worker draws the same numbers
(and, as workers are started anew every epoch unless ``persistent_workers=True``, the same ones
every epoch). The ``DataLoader`` seeds each worker's global random state differently, so
either leave ``generator`` out there, or seed each worker's copy in a ``worker_init_fn`` from
``torch.utils.data.get_worker_info().seed``. Where torchvision is installed, the tests compare these
with it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import torch
import torch.nn.functional as F

from dlnotes._validation import describe

__all__ = [
    "CenterCrop",
    "Compose",
    "Normalize",
    "RandomCrop",
    "RandomHorizontalFlip",
    "RandomVerticalFlip",
    "Resize",
    "ToPILImage",
    "ToTensor",
]


def _image(x: object, what: str) -> torch.Tensor:
    if not isinstance(x, torch.Tensor):
        raise TypeError(
            f"{what} expects an image tensor (C, H, W), got {describe(x)}. Convert images with "
            "ToTensor() first."
        )
    if x.dim() < 3:
        raise ValueError(
            f"{what} expects an image of shape (C, H, W) (channels first), got {tuple(x.shape)}. "
            "Add a channel axis with x.unsqueeze(0)."
        )
    return x


def _size(size: int | Sequence[int], name: str = "size") -> tuple[int, int]:
    if isinstance(size, int):
        return size, size
    if len(size) == 1:
        return size[0], size[0]
    if len(size) != 2:
        raise ValueError(f"{name} must be an int or (height, width), got {size!r}.")
    return int(size[0]), int(size[1])


class Compose:
    """Apply transforms one after another.

    Examples
    --------
    >>> pipeline = Compose([CenterCrop(2), Normalize(mean=[0.5], std=[0.5])])
    >>> pipeline(torch.ones(1, 4, 4)).shape
    torch.Size([1, 2, 2])
    """

    def __init__(self, transforms: Sequence[Callable]):
        self.transforms = list(transforms)

    def __call__(self, x):
        for transform in self.transforms:
            x = transform(x)
        return x

    def __repr__(self) -> str:
        inner = "".join(f"\n    {t!r}" for t in self.transforms)
        return f"Compose({inner}\n)"


class ToTensor:
    """Convert a PIL image or a NumPy array ``(H, W)`` / ``(H, W, C)`` to a float tensor
    ``(C, H, W)``; 8-bit values (0–255) are scaled to [0, 1], other dtypes are kept as they are.

    Examples
    --------
    >>> ToTensor()(np.array([[0, 255]], dtype=np.uint8))
    tensor([[[0., 1.]]])
    """

    def __call__(self, pic) -> torch.Tensor:
        try:
            from PIL import Image
        except ImportError:  # pragma: no cover - pillow ships with matplotlib
            Image = None
        if Image is not None and isinstance(pic, Image.Image):
            pic = np.array(pic)
        if isinstance(pic, torch.Tensor):
            raise TypeError(
                "ToTensor expects a PIL image or a NumPy array (H, W, C); this is already a "
                "tensor. Drop ToTensor, or use x.float() / 255 for 8-bit pixel tensors."
            )
        if not isinstance(pic, np.ndarray):
            raise TypeError(f"ToTensor expects a PIL image or a NumPy array, got {describe(pic)}.")
        if pic.ndim == 2:
            pic = pic[:, :, None]
        if pic.ndim != 3:
            raise ValueError(f"ToTensor expects (H, W) or (H, W, C), got shape {pic.shape}.")
        tensor = torch.from_numpy(np.ascontiguousarray(pic.transpose(2, 0, 1)))  # (C, H, W)
        if tensor.dtype == torch.uint8:
            return tensor.float().div(255)
        return tensor

    def __repr__(self) -> str:
        return "ToTensor()"


class ToPILImage:
    """Convert a ``(C, H, W)`` tensor to a PIL image (1 channel → grey ``"L"``, 3 → ``"RGB"``).

    Float values are taken to lie in [0, 1] and multiplied by 255, then *truncated* to 8 bits, as
    torchvision does.

    Examples
    --------
    >>> image = ToPILImage()(torch.tensor([[[0.0, 1.0]]]))
    >>> image.mode, image.size, np.array(image).tolist()
    ('L', (2, 1), [[0, 255]])
    """

    def __call__(self, x: torch.Tensor):
        from PIL import Image

        x = _image(x, "ToPILImage")
        if x.dim() != 3 or x.shape[0] not in (1, 3, 4):
            raise ValueError(
                f"ToPILImage expects (C, H, W) with C in 1, 3, 4; got {tuple(x.shape)}."
            )
        if x.is_floating_point():
            x = x.mul(255).byte()  # truncation, as in torchvision
        array = x.permute(1, 2, 0).cpu().numpy()  # (H, W, C)
        # 8-bit (H, W) arrays become "L" images, (H, W, 3) "RGB" and (H, W, 4) "RGBA".
        return Image.fromarray(array[:, :, 0] if array.shape[2] == 1 else array)

    def __repr__(self) -> str:
        return "ToPILImage()"


class Normalize:
    r"""Standardize each channel: :math:`x'_c = (x_c - \text{mean}_c) / \text{std}_c`.

    Use the mean and standard deviation of the *training* images, per channel. Made-up values
    (e.g. 0.5, 0.5 for data whose mean is 0.13) still train, but give the network off-centre
    inputs.

    Examples
    --------
    >>> Normalize(mean=[0.5], std=[0.25])(torch.tensor([[[0.0, 0.5, 1.0]]]))
    tensor([[[-2.,  0.,  2.]]])
    """

    def __init__(self, mean: Sequence[float], std: Sequence[float]):
        self.mean = torch.as_tensor(mean, dtype=torch.float32).reshape(-1)
        self.std = torch.as_tensor(std, dtype=torch.float32).reshape(-1)
        if len(self.mean) != len(self.std):
            raise ValueError(
                f"mean and std need one value per channel each, got {mean!r} and {std!r}."
            )
        if bool((self.std == 0).any()):
            raise ValueError(
                f"std must be non-zero (it divides), got {std!r}. Use the per-channel standard "
                "deviation of the training images; for a channel that is constant, use 1."
            )

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        x = _image(x, "Normalize")
        if not x.is_floating_point():
            raise TypeError(
                f"Normalize expects float pixels, got dtype {x.dtype}. Convert with ToTensor() "
                "(or x.float() / 255) first."
            )
        channels = x.shape[-3]
        if len(self.mean) not in (1, channels):
            raise ValueError(
                f"Normalize has {len(self.mean)} means but the image has {channels} channels "
                f"(shape {tuple(x.shape)}). Is the image channels-last (H, W, C)? Use "
                "x.permute(2, 0, 1)."
            )
        mean = self.mean.to(x).reshape(-1, 1, 1)  # broadcast over (C, H, W)
        std = self.std.to(x).reshape(-1, 1, 1)
        return (x - mean) / std

    def __repr__(self) -> str:
        return f"Normalize(mean={self.mean.tolist()}, std={self.std.tolist()})"


class Resize:
    """Resize an image with bilinear interpolation (antialiased when shrinking).

    ``size=(h, w)`` gives exactly that size; an int resizes the *shorter* side to it and keeps
    the aspect ratio, like torchvision.

    Examples
    --------
    >>> Resize(4)(torch.zeros(1, 8, 16)).shape
    torch.Size([1, 4, 8])
    >>> Resize((3, 5))(torch.zeros(1, 8, 16)).shape
    torch.Size([1, 3, 5])
    """

    def __init__(self, size: int | Sequence[int], antialias: bool = True):
        self.size = size
        self.antialias = antialias

    def _output_size(self, h: int, w: int) -> tuple[int, int]:
        if isinstance(self.size, int):
            short, long = (h, w) if h <= w else (w, h)
            new_short, new_long = self.size, int(self.size * long / short)
            return (new_short, new_long) if h <= w else (new_long, new_short)
        return _size(self.size)

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        x = _image(x, "Resize")
        out_h, out_w = self._output_size(x.shape[-2], x.shape[-1])
        lead = x.shape[:-3]
        flat = x.reshape(-1, *x.shape[-3:])  # (B, C, H, W): interpolate wants a batch
        is_int = not flat.is_floating_point()
        result = F.interpolate(
            flat.float() if is_int else flat,
            size=(out_h, out_w),
            mode="bilinear",
            align_corners=False,
            antialias=self.antialias,
        )
        if is_int:
            result = result.round().clamp(0, 255).to(x.dtype)
        return result.reshape(*lead, *result.shape[-3:])

    def __repr__(self) -> str:
        return f"Resize(size={self.size})"


def _crop(x: torch.Tensor, top: int, left: int, height: int, width: int) -> torch.Tensor:
    """Crop, padding with zeros where the window leaves the image (as torchvision does)."""
    h, w = x.shape[-2:]
    pad = [max(0, -left), max(0, left + width - w), max(0, -top), max(0, top + height - h)]
    if any(pad):
        x = F.pad(x, pad)  # (left, right, top, bottom)
        top, left = top + pad[2], left + pad[0]
    return x[..., top : top + height, left : left + width]


class CenterCrop:
    """Cut the central ``size`` region (padding with zeros if the image is smaller).

    Examples
    --------
    >>> image = torch.arange(16.0).reshape(1, 4, 4)
    >>> CenterCrop(2)(image)
    tensor([[[ 5.,  6.],
             [ 9., 10.]]])
    """

    def __init__(self, size: int | Sequence[int]):
        self.size = _size(size)

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        x = _image(x, "CenterCrop")
        h, w = x.shape[-2:]
        th, tw = self.size
        top, left = round((h - th) / 2.0), round((w - tw) / 2.0)
        return _crop(x, top, left, th, tw)

    def __repr__(self) -> str:
        return f"CenterCrop(size={self.size})"


class _Random:
    """The random transforms' ``generator``, carried through pickling as its state.

    A ``torch.Generator`` cannot be sent to a process started with ``spawn`` or ``forkserver`` on
    Linux (pytorch/pytorch#146828): a ``DataLoader`` worker that receives one crashes. So the
    transform pickles the generator's state as bytes, and the copy gets a generator in that
    state.
    """

    generator: torch.Generator | None

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        generator = state.pop("generator")
        state["_generator_state"] = (
            None
            if generator is None
            else (str(generator.device), generator.get_state().numpy().tobytes())
        )
        return state

    def __setstate__(self, state: dict) -> None:
        state = dict(state)
        saved = state.pop("_generator_state")
        self.__dict__.update(state)
        self.generator = None
        if saved is not None:
            device, raw = saved
            self.generator = torch.Generator(device)
            self.generator.set_state(torch.frombuffer(bytearray(raw), dtype=torch.uint8))


class RandomCrop(_Random):
    """Cut a ``size`` region at a random position, after optional zero ``padding``.

    ``padding`` (an int, or (left/right, top/bottom), or (left, top, right, bottom)) lets the crop
    shift the content by up to that many pixels: the classic augmentation for small images.

    Examples
    --------
    >>> crop = RandomCrop(28, padding=2, generator=torch.Generator().manual_seed(0))
    >>> crop(torch.ones(1, 28, 28)).shape
    torch.Size([1, 28, 28])
    """

    def __init__(
        self,
        size: int | Sequence[int],
        padding: int | Sequence[int] | None = None,
        generator: torch.Generator | None = None,
    ):
        self.size = _size(size)
        self.padding = padding
        self.generator = generator

    def _pad(self, x: torch.Tensor) -> torch.Tensor:
        if self.padding is None:
            return x
        p = self.padding
        if isinstance(p, int):
            left = right = top = bottom = p
        elif len(p) == 2:
            left = right = p[0]
            top = bottom = p[1]
        elif len(p) == 4:
            left, top, right, bottom = p
        else:
            raise ValueError(f"padding must be an int or a sequence of 2 or 4 ints, got {p!r}.")
        return F.pad(x, [left, right, top, bottom])

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        x = self._pad(_image(x, "RandomCrop"))
        h, w = x.shape[-2:]
        th, tw = self.size
        if th > h or tw > w:
            raise ValueError(
                f"RandomCrop of size {self.size} does not fit an image of {h}×{w} (after "
                "padding). Use a smaller size or more padding."
            )
        top = int(torch.randint(0, h - th + 1, (1,), generator=self.generator))
        left = int(torch.randint(0, w - tw + 1, (1,), generator=self.generator))
        return x[..., top : top + th, left : left + tw]

    def __repr__(self) -> str:
        return f"RandomCrop(size={self.size}, padding={self.padding})"


class _RandomFlip(_Random):
    dim = -1

    def __init__(self, p: float = 0.5, generator: torch.Generator | None = None):
        if not 0 <= p <= 1:
            raise ValueError(f"p must be a probability in [0, 1], got {p!r}.")
        self.p = p
        self.generator = generator

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        x = _image(x, type(self).__name__)
        if float(torch.rand(1, generator=self.generator)) < self.p:
            return x.flip(self.dim)
        return x

    def __repr__(self) -> str:
        return f"{type(self).__name__}(p={self.p})"


class RandomHorizontalFlip(_RandomFlip):
    """Mirror left–right with probability ``p``.

    Right for photos of cats; wrong for digits and text, where a mirrored 2 is no longer a 2.

    Examples
    --------
    >>> RandomHorizontalFlip(p=1.0)(torch.tensor([[[1.0, 2.0, 3.0]]]))
    tensor([[[3., 2., 1.]]])
    """

    dim = -1


class RandomVerticalFlip(_RandomFlip):
    """Mirror top–bottom with probability ``p``.

    Examples
    --------
    >>> RandomVerticalFlip(p=1.0)(torch.tensor([[[1.0], [2.0]]]))
    tensor([[[2.],
             [1.]]])
    """

    dim = -2
