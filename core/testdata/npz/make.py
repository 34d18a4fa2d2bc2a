# Makes the .npz fixtures of core's NumPy tests: one small 784-2-10 net
# written every way NumPy itself writes and reads an .npz, and a few that
# scratchnet refuses. The weights are multiples of 1/256 between -0.125 and
# 0.125, which half, single and double precision all hold exactly, so every
# accepted file decodes to the same float64 values.
#
#   /usr/bin/python3 core/testdata/npz/make.py   (NumPy from Debian's python3-numpy)
import io
import os
import zipfile

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
k = np.arange(784 * 2 + 2 + 2 * 10 + 10)
vals = ((k * 7) % 65 - 32) / 256.0
W1 = vals[:1568].reshape(784, 2)
b1 = vals[1568:1570]
W2 = vals[1570:1590].reshape(2, 10)
b2 = vals[1590:]
params = {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def savez(name, arrays, compressed=False):
    (np.savez_compressed if compressed else np.savez)(os.path.join(here, name), **arrays)


def with_version(name, version):
    """An .npz whose arrays have NPY headers of the given version (as some
    Go libraries write 2.0)."""
    with zipfile.ZipFile(os.path.join(here, name), "w") as z:
        for key, a in params.items():
            buf = io.BytesIO()
            np.lib.format.write_array(buf, a, version=version)
            z.writestr(key + ".npy", buf.getvalue())


savez("f8.npz", params)
savez("f8-deflated.npz", params, compressed=True)
with_version("v2.npz", (2, 0))
with_version("v3.npz", (3, 0))
savez("fortran.npz", {k: np.asfortranarray(v) for k, v in params.items()})
savez("fc-transposed.npz", {k: (v.T.copy().T if v.ndim == 2 else v) for k, v in params.items()})
savez("f4.npz", {k: v.astype("<f4") for k, v in params.items()})
savez("f2.npz", {k: v.astype("<f2") for k, v in params.items()})
savez("f8-big.npz", {k: v.astype(">f8") for k, v in params.items()})
savez("f4-big-fortran.npz", {k: np.asfortranarray(v.astype(">f4")) for k, v in params.items()})
# Refused, by name.
savez("longdouble.npz", {k: v.astype(np.longdouble) for k, v in params.items()})
savez("int.npz", {k: (v * 256).astype("<i8") for k, v in params.items()})
savez("complex.npz", {k: v.astype("<c16") for k, v in params.items()})
print("wrote", sorted(f for f in os.listdir(here) if f.endswith(".npz")))
