package dev.ollamaperf.recorder;

/**
 * An ordinary least-squares line {@code y = intercept + slope * x}, with the quality figures a
 * reader needs to judge it.
 *
 * @param intercept   value at x = 0
 * @param slope       change of y per unit of x
 * @param slopeError  standard error of the slope (0 when n = 2)
 * @param rSquared    share of y's variance the line explains (1 when y does not vary)
 * @param residualSd  standard deviation of the residuals (n - 2 degrees of freedom; 0 when n = 2)
 * @param n           points fitted, 2 or more
 */
record LineFit(double intercept, double slope, double slopeError, double rSquared, double residualSd, int n) {

    LineFit {
        if (n < 2) {
            throw new IllegalArgumentException("a line fit needs 2 or more points, got: " + n);
        }
    }

    /**
     * Fits a line through the points.
     *
     * @throws IllegalArgumentException when the arrays differ in length, hold fewer than two points,
     *                                  or every x is the same (no slope can be fitted)
     */
    static LineFit fit(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException(
                    "x and y must have the same length, got: " + x.length + " and " + y.length);
        }
        int n = x.length;
        if (n < 2) {
            throw new IllegalArgumentException("a line fit needs 2 or more points, got: " + n);
        }
        double mx = SampleStats.mean(x);
        double my = SampleStats.mean(y);
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (x[i] - mx) * (x[i] - mx);
            sxy += (x[i] - mx) * (y[i] - my);
            syy += (y[i] - my) * (y[i] - my);
        }
        if (sxx == 0) {
            throw new IllegalArgumentException("a line fit needs 2 or more distinct x values, got only: " + mx);
        }
        double slope = sxy / sxx;
        double intercept = my - slope * mx;
        double rss = 0;
        for (int i = 0; i < n; i++) {
            double r = y[i] - (intercept + slope * x[i]);
            rss += r * r;
        }
        double residualSd = n > 2 ? Math.sqrt(rss / (n - 2)) : 0;
        double slopeError = n > 2 ? residualSd / Math.sqrt(sxx) : 0;
        double rSquared = syy == 0 ? 1 : 1 - rss / syy;
        return new LineFit(intercept, slope, slopeError, rSquared, residualSd, n);
    }
}
