"""Similarity head of the sentence-pair judge: ridge regression of score/5 fitted on
STS Benchmark train (all genres) by bench/eval_stsb.py --write; L2 chosen by 5-fold
cross-validated Spearman on train (0.8468).

Generated; do not edit by hand."""

FEATURES = ['cos', 'jac', 'cjac', 'cmin', 'cmax', 'bi', 'tri', 'ch3', 'lenr', 'lend', 'numx', 'capx', 'ed',
 'unmax', 'unmin', 'wmin', 'wmax', 'smin', 'smax', 'bmin', 'bmax', 'c3min', 'c3max', 'ch5', 'imin',
 'imax', 'ijac', 'iumax', 'iumin', 'numeq', 'numsub', 'numd', 'capmin', 'capmax', 'negx']

COEF = [0.824935, -0.080655, 0.69489, 0.124303, -0.761775, 0.051252, -0.012441, 0.71613, 0.024746,
 0.065938, -0.119645, -0.206837, -0.030693, -0.148695, 0.14253, 0.18187, 0.017334, -0.134561,
 0.167037, -0.038164, -0.06147, -0.194557, -0.020802, -0.407286, 0.449604, -0.076767, -0.23152,
 0.069694, -0.004051, 0.038586, 0.111532, -0.04679, 0.046888, 0.204643, -0.063633]

INTERCEPT = -0.316418

L2 = 1.0
