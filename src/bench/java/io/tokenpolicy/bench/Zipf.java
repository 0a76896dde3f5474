package io.tokenpolicy.bench;

import java.util.Arrays;
import java.util.Random;

/** Zipf-distributed ranks 1..n, where rank k has weight 1/k^s: a few hot tokens, a long tail. */
final class Zipf {

    private final double[] cumulative;

    Zipf(int n, double exponent) {
        cumulative = new double[n];
        double sum = 0;
        for (int k = 1; k <= n; k++) {
            sum += 1 / Math.pow(k, exponent);
            cumulative[k - 1] = sum;
        }
        for (int i = 0; i < n; i++) {
            cumulative[i] /= sum;
        }
    }

    long sample(Random random) {
        int index = Arrays.binarySearch(cumulative, random.nextDouble());
        return (index >= 0 ? index : -index - 1) + 1;
    }
}
