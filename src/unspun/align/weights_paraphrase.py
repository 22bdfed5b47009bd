"""Paraphrase head of the sentence-pair judge: logistic regression fitted on MRPC train
by bench/eval_mrpc.py --write; L2 and THRESHOLD maximise the judge's F1 on 5-fold
out-of-fold predictions of train (cross-validated F1 0.8428).

Generated; do not edit by hand."""

FEATURES = ['cos', 'jac', 'cjac', 'cmin', 'cmax', 'bi', 'tri', 'ch3', 'lenr', 'lend', 'numx', 'capx', 'ed',
 'unmax', 'unmin', 'wmin', 'wmax', 'smin', 'smax', 'bmin', 'bmax', 'c3min', 'c3max', 'ch5', 'imin',
 'imax', 'ijac', 'iumax', 'iumin', 'numeq', 'numsub', 'numd', 'capmin', 'capmax', 'negx']

COEF = [3.49759, 2.908529, 3.303168, 2.48693, -7.605041, 0.039518, -4.150134, 6.961261, -8.337687,
 -7.957152, 0.421222, -1.219588, 3.641662, -0.462771, 2.395119, -2.092218, 0.938472, -1.082998,
 3.429993, 7.197372, -5.704761, -0.811969, -2.02279, -0.506042, -1.14529, -1.267499, 0.841713,
 -1.540668, -0.531448, 0.03942, -0.030784, -1.002458, 0.104542, 1.603401, -1.174384]

INTERCEPT = 8.953109

THRESHOLD = 0.46

L2 = 0.3
