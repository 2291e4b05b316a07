"""MyGrad's property-based tests of indexing (x[index]), run against minigrad.

Ported from MyGrad (https://github.com/rsokl/MyGrad), MIT licence, Copyright (c) 2023 Ryan Soklaski,
commit 6971309f884bad0b9950dcbee3898ec7f35e2fbb:
  tests/tensor_ops/test_getitem.py        every test except test_getitem_view_base (MyGrad's view semantics)
  tests/custom_strategies/__init__.py     basic_indices, adv_integer_index, arbitrary_indices

The backward checks vary each input entry on its own (complex step), so an entry that an integer-array index
picks twice must receive both upstream gradients.
"""
from itertools import groupby
from operator import itemgetter

import hypothesis.extra.numpy as hnp
import hypothesis.strategies as st
import numpy as np
from numpy.testing import assert_allclose

from minigrad import Value, as_value

from _mygrad_shim import MAX_EXAMPLES, backprop_test_factory, fwdprop_test_factory


def test_getitem():
    x = Value(np.array([1.0, 2.0, 3.0]))
    a, b, c = x
    f = 2 * a + 3 * b + 4 * c
    f.backward()

    assert a.data == 1
    assert b.data == 2
    assert c.data == 3
    assert f.data == 20

    assert_allclose(a.grad, np.array(2))
    assert_allclose(b.grad, np.array(3))
    assert_allclose(c.grad, np.array(4))
    assert_allclose(x.grad, np.array([2, 3, 4]))


def test_index_empty():
    a = Value(np.array([]))
    b = a[[]]

    assert b.shape == (0,)

    b.sum().backward()
    # since a is empty, a.grad should be empty and same shape
    assert a.shape == a.grad.shape
    assert b.shape == b.grad.shape


# https://github.com/rsokl/MyGrad/issues/272
def test_index_0d():
    assert Value(3)[None].shape == (1,)
    assert Value(3)[None].item() == 3


def get_item(arr, index):
    return as_value(arr)[index]


def numpy_get_item(arr, index):
    return arr[index]


def basic_indices(shape):
    return hnp.basic_indices(shape, allow_newaxis=True, allow_ellipsis=True)


def adv_integer_index(shape, min_dims=1, max_dims=3, min_side=1, max_side=3):
    """A tuple of integer arrays, one per axis of ``shape``, that broadcast together (repeats allowed)."""
    return hnp.integer_array_indices(shape=shape, result_shape=hnp.array_shapes(
        min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side))


@st.composite
def arbitrary_indices(draw, shape):
    """Any valid index for an array of ``shape``: integers, slices, Ellipsis, newaxis, boolean arrays and
    integer arrays together. With a 0-sized axis only a basic index is returned."""

    def group_continuous_integers(ls):
        """[1, 3, 4, 5, 7, 8] -> [(1,), (3, 4, 5), (7, 8)]"""
        return [tuple(map(itemgetter(1), g)) for k, g in groupby(enumerate(ls), lambda x: x[0] - x[1])]

    if not shape or 0 in shape:
        return draw(hnp.basic_indices(shape=shape, allow_newaxis=True))

    shape_inds = list(range(len(shape)))
    index = []  # (axis, indexing object) pairs

    # integers and slices
    basic_inds = sorted(draw(st.lists(st.sampled_from(shape_inds), unique=True)))
    if len(basic_inds) > 0:
        basic_dims = tuple(shape[i] for i in basic_inds)
        basics = draw(hnp.basic_indices(shape=basic_dims, allow_ellipsis=False))
        if not isinstance(basics, tuple):
            basics = (basics,)
        index += [tup for tup in zip(basic_inds, basics)]
        # basic_indices may omit trailing slices: remove only the axes it indexed
        for i in basic_inds[: len(basics)]:
            shape_inds.pop(shape_inds.index(i))

    # integer arrays
    if len(shape_inds) > 0:
        int_arr_inds = sorted(draw(st.lists(st.sampled_from(shape_inds), unique=True)))
        if len(int_arr_inds) > 0:
            int_arr_dims = tuple(shape[i] for i in int_arr_inds)
            int_arrs = draw(hnp.integer_array_indices(shape=int_arr_dims))
            index += [tup for tup in zip(int_arr_inds, int_arrs)]
            for i in int_arr_inds:
                shape_inds.pop(shape_inds.index(i))

    # boolean arrays: adjacent axes are grouped into one multi-dimensional mask
    if len(shape_inds) > 0:
        bool_inds = sorted(draw(st.lists(st.sampled_from(shape_inds), unique=True)))
        if len(bool_inds) > 0:
            grouped_bool_inds = group_continuous_integers(bool_inds)
            bool_dims = [tuple(shape[i] for i in ind) for ind in grouped_bool_inds]
            # the masks' nonzero() outputs must broadcast with each other and with the integer arrays
            if len(int_arr_inds):
                max_trues = max(i.shape[-1] for i in int_arrs)
            else:
                max_trues = st.integers(min_value=0, max_value=min(bool_dims, key=lambda x: np.prod(x)))
            index += [(i[0], draw(hnp.arrays(shape=sh, dtype=bool).filter(lambda x: x.sum() in (1, max_trues))))
                      for i, sh in zip(grouped_bool_inds, bool_dims)]
            for i in bool_inds:
                shape_inds.pop(shape_inds.index(i))

    grouped_shape_inds = group_continuous_integers(sorted(shape_inds))
    if len(grouped_shape_inds) == 1:
        # the unused axes form one stretch: an Ellipsis can stand for them (or, when trailing, nothing)
        if max(shape_inds) + 1 == len(shape):
            if draw(st.booleans()):
                index += [(min(shape_inds), Ellipsis)]
        else:
            index += [(min(shape_inds), Ellipsis)]
    elif len(grouped_shape_inds) == 0 and draw(st.booleans()):
        # every axis is indexed: an Ellipsis that expands to nothing
        i = draw(st.integers(min_value=0, max_value=len(index)))
        index.insert(i, (i, Ellipsis))
    else:
        index += [(i, slice(None)) for i in shape_inds]

    index = sorted(index, key=lambda x: x[0])
    newaxis_pos = sorted(draw(st.lists(st.integers(min_value=0, max_value=len(index)), unique=True)), reverse=True)
    for i in newaxis_pos:
        index.insert(i, (-1, np.newaxis))
    return tuple(i[1] for i in index)


def basic_index_wrap(*arrs):
    return basic_indices(arrs[0].shape)


def adv_index_int_wrap(*arrs):
    return adv_integer_index(arrs[0].shape)


def adv_index_bool_wrap(*arrs):
    return hnp.arrays(shape=arrs[0].shape, dtype=bool)


def arb_index_wrap(*arrs):
    return arbitrary_indices(arrs[0].shape)


def factories(name, arr_shapes, index, permit_0d_array_as_float=True, max_examples=MAX_EXAMPLES):
    """MyGrad's forward and backward tests of ``x[index]`` for one kind of index, as two test functions."""
    @fwdprop_test_factory(mygrad_func=get_item, true_func=numpy_get_item, num_arrays=1,
                          index_to_arr_shapes={0: arr_shapes}, kwargs=dict(index=index),
                          permit_0d_array_as_float=permit_0d_array_as_float, max_examples=max_examples)
    def fwdprop():
        pass

    @backprop_test_factory(mygrad_func=get_item, true_func=numpy_get_item, num_arrays=1,
                           index_to_arr_shapes={0: arr_shapes}, kwargs=dict(index=index), vary_each_element=True,
                           max_examples=max_examples)
    def bkwdprop():
        pass

    fwdprop.__name__, bkwdprop.__name__ = f"test_getitem_{name}_fwdprop", f"test_getitem_{name}_bkwdprop"
    return fwdprop, bkwdprop


test_getitem_basicindex_fwdprop, test_getitem_basicindex_bkwdprop = factories(
    "basicindex", hnp.array_shapes(min_side=0, min_dims=0, max_side=6, max_dims=4), basic_index_wrap,
    permit_0d_array_as_float=False)

test_getitem_advindex_int_fwdprop, test_getitem_advindex_int_bkwdprop = factories(
    "advindex_int", hnp.array_shapes(max_side=6, max_dims=4), adv_index_int_wrap)

test_getitem_advindex_bool_fwdprop, test_getitem_advindex_bool_bkwdprop = factories(
    "advindex_bool", hnp.array_shapes(max_side=6, max_dims=4), adv_index_bool_wrap)

# broadcast-compatible integer arrays
rows = np.array([0, 3], dtype=np.intp)
columns = np.array([0, 2], dtype=np.intp)
test_getitem_broadcast_index_fwdprop, test_getitem_broadcast_index_bkwdprop = factories(
    "broadcast_index", (4, 3), np.ix_(rows, columns))

test_getitem_ellipsis_index_fwdprop, test_getitem_ellipsis_index_bkwdprop = factories(
    "ellipsis_index", (3, 2, 4, 3), (Ellipsis, 2, 0))

rows1 = np.array([False, True, False, True])
columns1 = [0, 2]
test_getitem_bool_int_fwdprop, test_getitem_bool_int_bkwdprop = factories(
    "bool_int", (4, 3), np.ix_(rows1, columns1))

test_getitem_basic_w_adv_fwdprop, test_getitem_basic_w_adv_bkwdprop = factories(
    "basic_w_adv", (4, 3), (slice(1, 2), [1, 2]))

test_getitem_arbitraryindex_fwdprop, test_getitem_arbitraryindex_bkwdprop = factories(
    "arbitraryindex", hnp.array_shapes(min_side=0, max_side=4, min_dims=0, max_dims=5), arb_index_wrap,
    permit_0d_array_as_float=False, max_examples=50)
