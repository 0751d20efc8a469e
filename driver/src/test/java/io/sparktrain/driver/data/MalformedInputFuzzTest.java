package io.sparktrain.driver.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparktrain.kernels.train.Examples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutations of valid CSV and LibSVM files (truncations, byte flips, deleted and duplicated
 * separators, non-finite and huge numbers, blank lines, bytes that are not UTF-8, wrong widths,
 * bad labels and indices, cut-off and corrupted gzip), each read through the parsers the executors
 * use. Every case either loads data that is fully valid or fails with a {@link BadInputException}
 * naming the file: never another exception.
 */
class MalformedInputFuzzTest {
  private static final int CASES = 300;
  private static final int CLASSES = 3;
  private static final Pattern NUMBER = Pattern.compile("-?[0-9][0-9.eE+-]*");
  private static final Configuration CONF = new Configuration();
  private static final String[] MUTATIONS = {"truncate", "flip-byte", "delete-separator", "duplicate-separator",
      "non-finite", "huge-number", "blank-lines", "not-utf-8", "wrong-width", "empty", "control-character",
      "bad-label", "bad-index-or-bom", "duplicate-line"};

  @TempDir
  Path dir;

  @Test
  void everyMalformedFileLoadsValidDataOrFailsWithABadInputErrorNamingIt() throws IOException {
    Random random = new Random(0x5eed_bad_da7aL);
    int failed = 0;
    int loaded = 0;
    for (int c = 0; c < CASES; c++) {
      boolean libsvm = c % 2 == 1;
      boolean header = !libsvm && c % 4 == 0;
      boolean gzip = c % 5 == 0;
      BadRowPolicy policy = c % 3 == 0 ? BadRowPolicy.skip(0.3) : BadRowPolicy.FAIL;
      List<String> applied = new ArrayList<>();
      byte[] bytes = valid(libsvm, header, random);
      for (int m = 1 + random.nextInt(3); m > 0; m--) {
        bytes = mutate(bytes, libsvm, random, applied);
      }
      if (gzip) {
        bytes = corruptGzip(gzip(bytes), random, applied);
      }
      Path file = Files.write(dir.resolve("case-" + c + (libsvm ? ".svm" : ".csv") + (gzip ? ".gz" : "")), bytes);
      DataSpec spec = new DataSpec(file.toString(), null, libsvm ? DataFormat.LIBSVM : DataFormat.CSV,
          libsvm ? null : header ? "label" : "0", header, CLASSES, Normalization.NONE, false).withBadRows(policy);
      String description = file.getFileName() + " " + applied + " " + policy.onBadRow();
      Examples examples;
      try {
        examples = LocalReader.read(spec, file.toString(), CONF);
      } catch (BadInputException e) {
        assertThat(e.getMessage()).as(description).contains(file.getFileName().toString());
        failed++;
        continue;
      } catch (RuntimeException e) {
        throw new AssertionError(description + ": failed with " + e.getClass().getName()
            + " instead of a BadInputException", e);
      }
      assertValid(examples, description);
      loaded++;
    }
    assertThat(failed).as("cases that failed cleanly").isGreaterThan(CASES / 3);
    assertThat(loaded).as("cases that loaded").isGreaterThan(CASES / 20);
  }

  private static void assertValid(Examples examples, String description) {
    assertThat(examples.count()).as(description).isPositive();
    for (float x : examples.features()) {
      assertThat(Float.isFinite(x)).as(description + ": feature " + x).isTrue();
    }
    for (float y : examples.labels()) {
      assertThat(y >= 0 && y < CLASSES && y == Math.rint(y)).as(description + ": label " + y).isTrue();
    }
  }

  /** A valid file of 6 to 20 rows: 4 columns of CSV (label first), or LibSVM over 6 features. */
  private static byte[] valid(boolean libsvm, boolean header, Random random) {
    StringBuilder text = new StringBuilder(header ? "label,a,b,c\n" : "");
    for (int row = 6 + random.nextInt(15); row > 0; row--) {
      text.append(random.nextInt(CLASSES));
      if (libsvm) {
        for (int index = 1; index <= 6; index++) {
          if (random.nextBoolean()) {
            text.append(' ').append(index).append(':').append(value(random));
          }
        }
        text.append(random.nextInt(5) == 0 ? " # note\n" : "\n");
      } else {
        for (int column = 0; column < 3; column++) {
          text.append(',').append(value(random));
        }
        text.append('\n');
      }
    }
    return text.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static String value(Random random) {
    return switch (random.nextInt(4)) {
      case 0 -> String.valueOf(random.nextInt(100));
      case 1 -> String.format(Locale.ROOT, "%.3f", random.nextGaussian());
      case 2 -> String.format(Locale.ROOT, "%.2e", random.nextGaussian() * 1e6);
      default -> "-" + random.nextInt(10) + "." + random.nextInt(10);
    };
  }

  private static byte[] mutate(byte[] bytes, boolean libsvm, Random random, List<String> applied) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int kind = random.nextInt(MUTATIONS.length);
    String result = switch (kind) {
      case 0 -> text.substring(0, random.nextInt(text.length() + 1));
      case 1 -> flip(text, random);
      case 2 -> deleteOne(text, libsvm ? (random.nextBoolean() ? " " : ":") : ",", random);
      case 3 -> duplicateOne(text, libsvm ? (random.nextBoolean() ? " " : ":") : ",", random);
      case 4 -> replaceNumber(text, pick(random, "NaN", "Infinity", "-Infinity", "nan", "inf"), random);
      case 5 -> replaceNumber(text, pick(random, "1e39", "-1e309", "1e400", "123456789012345678901234567890",
          "4.9e-324"), random);
      case 6 -> insertAtLine(text, pick(random, "\n", "\n\n", "   \n", "\t\n", "\r\n"), random);
      case 7 -> insertAt(text, pick(random, "\u00c3\u0028", "\u00ff\u00fe", "\u0080", "\u00e9"), random);
      case 8 -> libsvm ? insertAtLine(text, pick(random, "1 7:1 7:2\n", "1 3\n", "0 0:4\n", "2 -1:1\n"), random)
          : insertAtLine(text, pick(random, "1,2\n", "0,1,2,3,4\n", ",,,\n", "2,1,,3\n"), random);
      case 9 -> "";
      case 10 -> insertAt(text, pick(random, "\u0000", "\r", "\t", "\u001b", "\"", ";"), random);
      case 11 -> insertAtLine(text, pick(random, "3", "-1", "0.5", "", "x", "1e10", "NaN"), random);
      case 12 -> libsvm ? insertAtLine(text, pick(random, "1 99999999999:1\n", "1 16777217:1\n", "1 2:1 1:1\n",
          "1:1 2:2\n", "1 a:b\n"), random) : insertAtLine(text, pick(random, "\u00ef\u00bb\u00bf", "label,a,b,c\n"), random);
      default -> duplicateLine(text, random);
    };
    applied.add(MUTATIONS[kind]);
    return result.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] corruptGzip(byte[] gz, Random random, List<String> applied) {
    int kind = random.nextInt(4);
    applied.add(new String[] {"gzip-truncate", "gzip-flip-byte", "gzip-trailing-bytes", "gzip"}[kind]);
    return switch (kind) {
      case 0 -> Arrays.copyOf(gz, random.nextInt(gz.length));
      case 1 -> {
        byte[] flipped = gz.clone();
        flipped[random.nextInt(flipped.length)] ^= (byte) (1 + random.nextInt(255));
        yield flipped;
      }
      case 2 -> Arrays.copyOf(gz, gz.length + 1 + random.nextInt(8));
      default -> gz;
    };
  }

  private static String flip(String text, Random random) {
    if (text.isEmpty()) {
      return text;
    }
    char[] chars = text.toCharArray();
    chars[random.nextInt(chars.length)] = (char) random.nextInt(256);
    return new String(chars);
  }

  private static String deleteOne(String text, String separator, Random random) {
    int at = nth(text, separator, random);
    return at < 0 ? text : text.substring(0, at) + text.substring(at + 1);
  }

  private static String duplicateOne(String text, String separator, Random random) {
    int at = nth(text, separator, random);
    return at < 0 ? text : text.substring(0, at) + separator + text.substring(at);
  }

  private static int nth(String text, String separator, Random random) {
    List<Integer> at = new ArrayList<>();
    for (int i = text.indexOf(separator); i >= 0; i = text.indexOf(separator, i + 1)) {
      at.add(i);
    }
    return at.isEmpty() ? -1 : at.get(random.nextInt(at.size()));
  }

  private static String replaceNumber(String text, String replacement, Random random) {
    List<int[]> spans = new ArrayList<>();
    for (Matcher matcher = NUMBER.matcher(text); matcher.find(); ) {
      spans.add(new int[] {matcher.start(), matcher.end()});
    }
    if (spans.isEmpty()) {
      return text;
    }
    int[] span = spans.get(random.nextInt(spans.size()));
    return text.substring(0, span[0]) + replacement + text.substring(span[1]);
  }

  private static String insertAtLine(String text, String insert, Random random) {
    List<Integer> starts = new ArrayList<>(List.of(0));
    for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      starts.add(i + 1);
    }
    int at = starts.get(random.nextInt(starts.size()));
    return text.substring(0, at) + insert + text.substring(at);
  }

  private static String insertAt(String text, String insert, Random random) {
    int at = random.nextInt(text.length() + 1);
    return text.substring(0, at) + insert + text.substring(at);
  }

  private static String duplicateLine(String text, Random random) {
    String[] lines = text.split("\n", -1);
    String line = lines[random.nextInt(lines.length)];
    return insertAtLine(text, line + "\n", random);
  }

  private static String pick(Random random, String... choices) {
    return choices[random.nextInt(choices.length)];
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    var buffer = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(buffer)) {
      out.write(bytes);
    }
    return buffer.toByteArray();
  }
}
