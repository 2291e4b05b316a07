"""10.2 that assigns (=) each window back instead of adding it (+=): overlapping windows lose all but one entry."""


def col2im(cols, x_shape, kh, kw, stride=1, padding=0):
    N, C, H, W = x_shape
    OH, OW = output_size(H, kh, stride, padding), output_size(W, kw, stride, padding)
    cols = cols.reshape(C, kh, kw, N, OH, OW)
    xp = np.zeros((N, C, H + 2 * padding, W + 2 * padding), cols.dtype)
    for i in range(kh):
        for j in range(kw):
            xp[:, :, i:i + stride * (OH - 1) + 1:stride, j:j + stride * (OW - 1) + 1:stride] = \
                cols[:, i, j].transpose(1, 0, 2, 3)
    return xp[:, :, padding:padding + H, padding:padding + W]
