"""dlnotes: deep-learning basics with PyTorch, as a small library behind an executed site.

Each module holds one concept:

- :mod:`dlnotes.descent` — gradient descent from scratch in NumPy (the model ``y = b + w·x``).
- :mod:`dlnotes.activations` — activation functions and their analytic derivatives.
- :mod:`dlnotes.losses` — loss functions written from their formulas, matching PyTorch.
- :mod:`dlnotes.loss_records` — one record per loss, which the atlas, benchmark and tests read.
- :mod:`dlnotes.inits` — weight initializers (Xavier, Kaiming, …) with explicit generators.
- :mod:`dlnotes.models` — the models the tutorials train, with clear shape errors.
- :mod:`dlnotes.data` — splits, scalers, in-memory batches and a CSV ``Dataset``.
- :mod:`dlnotes.datasets` — bundled real data (digits, an MNIST sample, breast cancer), IDX
  files, a seasonal series and a text corpus: nothing is downloaded.
- :mod:`dlnotes.transforms` — torchvision-style image transforms on tensors.
- :mod:`dlnotes.train` — ``fit``/``evaluate``/``predict``, callbacks and atomic checkpoints.
- :mod:`dlnotes.plotting` — the figures the tutorials share (loss surfaces, descent paths).
"""

from dlnotes._validation import DlnotesWarning

__all__ = ["DlnotesWarning"]
__version__ = "0.1.0"
