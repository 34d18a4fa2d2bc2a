# Makes the pickle fixtures of core's tests: the book's params dict of a
# small 784-2-10 net (the same values as testdata/npz) pickled as readers
# pickle it, with protocols 2 to 5, as NumPy 1.x names its functions and as
# NumPy 2.x does (numpy._core), and files that must be refused.
#
#   /usr/bin/python3 core/testdata/pkl/make.py   (NumPy from Debian's python3-numpy)
import collections
import os
import pickle
import sys
import types

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
k = np.arange(784 * 2 + 2 + 2 * 10 + 10)
vals = ((k * 7) % 65 - 32) / 256.0
params = {
    "W1": vals[:1568].reshape(784, 2),
    "b1": vals[1568:1570],
    "W2": vals[1570:1590].reshape(2, 10),
    "b2": vals[1590:],
}


def dump(name, obj, protocol, **kw):
    with open(os.path.join(here, name), "wb") as f:
        pickle.Pickler(f, protocol=protocol, **kw).dump(obj)


for p in (2, 3, 4, 5):
    dump(f"params-p{p}.pkl", params, p)
dump("params-f4-fortran.pkl", {k: np.asfortranarray(v.astype(">f4")) for k, v in params.items()}, 2)
dump("params-f2.pkl", {k: v.astype("<f2") for k, v in params.items()}, 4)
dump("params-ordereddict.pkl", collections.OrderedDict(params), 4)


# NumPy 2.x pickles name numpy._core; NumPy 1.24 is installed here, so a
# module of that name stands in for it while pickling.
class Numpy2Pickler(pickle.Pickler):
    def __init__(self, f, protocol):
        super().__init__(f, protocol=protocol)
        self.protocol = protocol

    def reducer_override(self, obj):
        if isinstance(obj, np.ndarray):
            f, args, *rest = obj.__reduce_ex__(self.protocol)
            return (numpy2[f.__name__], args, *rest)
        return NotImplemented


numpy2 = {}
for mod, fn in (("numpy._core.multiarray", "_reconstruct"), ("numpy._core.numeric", "_frombuffer")):
    m = sys.modules.setdefault(mod, types.ModuleType(mod))
    real = getattr(np.core.multiarray if fn == "_reconstruct" else np.core.numeric, fn)
    stand_in = lambda *a, _real=real: _real(*a)
    stand_in.__module__, stand_in.__qualname__, stand_in.__name__ = mod, fn, fn
    setattr(m, fn, stand_in)
    numpy2[fn] = stand_in
for p in (2, 5):
    with open(os.path.join(here, f"params-numpy2-p{p}.pkl"), "wb") as f:
        Numpy2Pickler(f, protocol=p).dump(params)


# Refused.
class Evil:
    def __reduce__(self):
        return (os.system, ("echo pwned",))


dump("evil.pkl", {"W1": Evil()}, 4)
dump("list.pkl", {"W1": [1.0, 2.0], "b1": params["b1"], "W2": params["W2"], "b2": params["b2"]}, 4)
dump("int.pkl", {k: (v * 256).astype("<i8") for k, v in params.items()}, 4)
dump("extra-key.pkl", dict(params, W3=params["W2"]), 4)
print("wrote", sorted(f for f in os.listdir(here) if f.endswith(".pkl")))
