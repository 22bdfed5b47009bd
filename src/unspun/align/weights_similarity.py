"""placeholder

Generated; do not edit by hand."""

FEATURES = ['cos', 'jac', 'cjac', 'cmin', 'cmax', 'bi', 'tri', 'ch3', 'lenr', 'lend', 'numx', 'capx', 'ed',
 'unmax', 'unmin']

COEF = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]

INTERCEPT = 0.0
