"""Paraphrase head of the sentence-pair judge: logistic regression fitted on MRPC train
by bench/eval_mrpc.py --write; THRESHOLD is F1-optimal on 5-fold out-of-fold predictions of train.

Generated; do not edit by hand."""

FEATURES = ['cos', 'jac', 'cjac', 'cmin', 'cmax', 'bi', 'tri', 'ch3', 'lenr', 'lend', 'numx', 'capx', 'ed',
 'unmax', 'unmin']

COEF = [3.604035, 1.940506, 3.028363, 3.029147, -7.46262, 0.210067, -4.149597, 4.812862, -8.16918,
 -10.289161, -0.514609, 0.211389, 3.269359, -1.785826, 0.994702]

INTERCEPT = 5.713012

THRESHOLD = 0.4
