package io.sparktrain.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Holds the rule that every key of the README's configuration reference has a test of its invalid
 * values: some error message that a test in this module expects names the key (with {@code [i]}
 * standing for any list index). A key added to the reference without such a test fails here.
 */
class EveryConfigKeyIsTestedTest {
  private static final Path README = Path.of("../README.md");
  private static final Path TESTS = Path.of("src/test/java/io/sparktrain/jobs");
  private static final String TABLE_HEADER = "| key | default | allowed | meaning |";
  private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");

  @Test
  void everyDocumentedKeyIsNamedByAnExpectedErrorMessage() throws IOException {
    List<String> keys = documentedKeys();
    List<String> messages = expectedMessages();

    assertThat(keys).as("keys read from the README's configuration reference").hasSizeGreaterThan(50)
        .contains("training.epochs", "optimizer.beta2", "model.layers[i].units");
    List<String> untested = keys.stream().filter(key -> messages.stream().noneMatch(named(key))).toList();
    assertThat(untested).as("documented keys that no expected error message names").isEmpty();
  }

  /** The first cell of each table row; {@code `optimizer.beta1`, `beta2`} gives two keys. */
  private static List<String> documentedKeys() throws IOException {
    List<String> lines = Files.readAllLines(README);
    int header = lines.indexOf(TABLE_HEADER);
    assertThat(header).as("the configuration reference table in " + README).isNotNegative();
    List<String> keys = new ArrayList<>();
    for (String line : lines.subList(header + 2, lines.size())) {
      if (!line.startsWith("|")) {
        break;
      }
      Matcher names = CODE.matcher(line.split("\\|")[1]);
      String first = null;
      while (names.find()) {
        if (first == null) {
          first = names.group(1);
          keys.add(first);
        } else {
          keys.add(first.substring(0, first.lastIndexOf('.') + 1) + names.group(1));
        }
      }
    }
    return keys;
  }

  /**
   * String literals of this module's tests; of a {@code key | value | message} table row, the message.
   * A key followed by {@code =} is an override being set, not a message naming it.
   */
  private static List<String> expectedMessages() throws IOException {
    List<String> messages = new ArrayList<>();
    try (Stream<Path> files = Files.walk(TESTS)) {
      for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
        Matcher literal = LITERAL.matcher(Files.readString(file));
        while (literal.find()) {
          String text = literal.group(1);
          messages.add(text.contains(" | ") ? text.substring(text.lastIndexOf('|') + 1) : text);
        }
      }
    }
    return messages;
  }

  private static java.util.function.Predicate<String> named(String key) {
    String indexed = Pattern.quote(key).replace("[i]", "\\E\\[\\d+\\]\\Q");
    Pattern pattern = Pattern.compile("(?<![\\w.\\-])" + indexed + "(?=$|[\\s;,)'])");
    return message -> pattern.matcher(message).find();
  }
}
