package io.sparktrain.driver.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktrain.driver.TestSpark;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import scala.collection.Iterator;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * The woken {@code allGather}: every task gets every message in partition order, twice in a row,
 * and none is left with an interrupt that would end its next wait early or make a later
 * interruptible call fail.
 */
@Timeout(120)
class PromptBarrierTest {
  private static final ClassTag<String> STRING = ClassTag$.MODULE$.apply(String.class);

  @Test
  void everyTaskGetsEveryMessageInPartitionOrderAndNoInterruptIsLeft() {
    JavaRDD<Integer> partitions = TestSpark.get().parallelize(List.of(0, 1, 2), 3);

    List<String> seen = new JavaRDD<>(partitions.rdd().barrier().mapPartitions(new Gather(), false, STRING), STRING)
        .collect();

    assertThat(seen).containsExactly(
        "0: m0 m1 m2 / n0 n1 n2, interrupted false, slept", "1: m0 m1 m2 / n0 n1 n2, interrupted false, slept",
        "2: m0 m1 m2 / n0 n1 n2, interrupted false, slept");
  }

  /** Two gathers, then the interrupt flag and an interruptible sleep. */
  private static final class Gather extends AbstractFunction1<Iterator<Integer>, Iterator<String>>
      implements Serializable {
    @Override
    public Iterator<String> apply(Iterator<Integer> partition) {
      BarrierTaskContext context = BarrierTaskContext.get();
      int id = partition.next();
      String first = String.join(" ", PromptBarrier.allGather(context, "m" + id));
      String second = String.join(" ", PromptBarrier.allGather(context, "n" + id));
      boolean interrupted = Thread.currentThread().isInterrupted();
      String slept;
      try {
        Thread.sleep(20);
        slept = "slept";
      } catch (InterruptedException e) {
        slept = "woken by a stray interrupt";
      }
      return scala.collection.Iterator$.MODULE$.single(
          id + ": " + first + " / " + second + ", interrupted " + interrupted + ", " + slept);
    }
  }
}
