"""minigrad.gan: generative adversarial networks on MNIST, as in the lecture's second part.

- trainer.py: ``GAN`` (compile / fit / train_step / sample), ``GANHistory``, the ``CollapseAlarm`` callback
- builders.py: ``vanilla`` (the lecture's MLP GAN, or ``improved=True``), ``dcgan``, ``cgan``, ``stylegan``
- stylegan.py: the fourth GAN: mapping network, constant input, AdaIN-styled blocks, noise, mixing, truncation
- augment.py: DiffAugment (translation, cutout) for a discriminator that dominates on small data
- metrics.py: Inception Score, Frechet and kernel (KID) distances, mode coverage, label accuracy, the collapse alarm
- reference.py: the reference MNIST classifier behind those metrics, trained once and cached
- demo.py: ``minigrad demo gan --kind vanilla|dcgan|cgan``
"""
from . import metrics
from .builders import cgan, dcgan, stylegan, vanilla
from .trainer import GAN, CollapseAlarm, GANHistory

__all__ = ["GAN", "GANHistory", "CollapseAlarm", "vanilla", "dcgan", "cgan", "stylegan", "metrics"]
