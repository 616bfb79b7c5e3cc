package dev.ollamaperf.load.run;

import io.gatling.core.controller.inject.open.PoissonOpenInjection;
import io.gatling.javaapi.core.OpenInjectionStep;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import scala.concurrent.duration.FiniteDuration;

/**
 * Gatling's random (Poisson) arrivals with a seed of our choosing. The Java DSL's {@code randomized()} seeds them
 * with {@code System.nanoTime()}, so no run repeats another; the Scala step it builds takes a seed, and this class
 * builds that step and wraps it as the Java DSL does (its wrapper's constructor is private, hence the reflection,
 * which {@code InjectorTest} guards: a Gatling upgrade that changes it fails the build). Injectors of one run
 * get seeds derived from the run's ({@link Injector#seed}), so their streams are independent and every run repeats.
 */
public final class PoissonArrivals {

    private PoissonArrivals() {}

    /**
     * Arrivals at a rate going from {@code startRate} to {@code endRate} per second (equal: constant) over
     * {@code duration}, at random times drawn from {@code seed}.
     */
    public static OpenInjectionStep of(double startRate, double endRate, Duration duration, long seed) {
        PoissonOpenInjection step = new PoissonOpenInjection(
                new FiniteDuration(duration.toMillis(), TimeUnit.MILLISECONDS), startRate, endRate, seed);
        try {
            Constructor<OpenInjectionStep> wrap = OpenInjectionStep.class.getDeclaredConstructor(
                    io.gatling.core.controller.inject.open.OpenInjectionStep.class);
            wrap.setAccessible(true);
            return wrap.newInstance(step);
        } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
            throw new IllegalStateException("this Gatling's Java DSL cannot wrap a seeded Poisson injection: " + e, e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("Gatling refused a seeded Poisson injection: " + e.getCause(), e);
        }
    }
}
