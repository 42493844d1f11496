package dev.tollgate.example.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.tollgate.example.soak.FlappingServer.Mode;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FlapScheduleTest {
  @Test
  void modesWhenFifteenTicksThenEachFaultOnceForEachDependencyAndNeverBothAtOnce() {
    Set<Mode> jwksFaults = EnumSet.noneOf(Mode.class);
    Set<Mode> introspectionFaults = EnumSet.noneOf(Mode.class);
    for (int tick = 0; tick < 15; tick++) {
      Mode jwks = FlapSchedule.jwksMode(tick);
      Mode introspection = FlapSchedule.introspectionMode(tick);
      assertFalse(jwks.degraded() && introspection.degraded(), "tick " + tick);
      if (jwks.degraded()) {
        jwksFaults.add(jwks);
      }
      if (introspection.degraded()) {
        introspectionFaults.add(introspection);
      }
    }
    assertEquals(EnumSet.complementOf(EnumSet.of(Mode.UP)), jwksFaults);
    assertEquals(EnumSet.complementOf(EnumSet.of(Mode.UP)), introspectionFaults);
    assertEquals(Mode.REFUSED, FlapSchedule.jwksMode(0));
    assertEquals(Mode.UP, FlapSchedule.introspectionMode(0));
  }
}
