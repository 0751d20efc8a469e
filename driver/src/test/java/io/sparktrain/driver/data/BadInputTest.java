package io.sparktrain.driver.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.sparktrain.driver.TestSpark;
import io.sparktrain.kernels.train.Batch;
import io.sparktrain.kernels.train.Examples;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of broken input is a {@link BadInputException} naming the file (and row and column
 * where there is one), and {@code data.on-bad-row: skip} drops bad rows as if they were deleted.
 */
class BadInputTest {
  private static final Configuration CONF = new Configuration();
  private static final BiFunction<Path, BadRowPolicy, DataSpec> CSV = (path, policy) -> new DataSpec(
      path.toString(), null, DataFormat.CSV, "0", false, 3, Normalization.NONE, false).withBadRows(policy);
  private static final BiFunction<Path, BadRowPolicy, DataSpec> CSV_HEADER = (path, policy) -> new DataSpec(
      path.toString(), null, DataFormat.CSV, "price", true, 3, Normalization.NONE, false).withBadRows(policy);
  private static final BiFunction<Path, BadRowPolicy, DataSpec> LIBSVM = (path, policy) -> new DataSpec(
      path.toString(), null, DataFormat.LIBSVM, null, false, 3, Normalization.NONE, false).withBadRows(policy);

  @TempDir
  Path dir;

  static Stream<Arguments> brokenFiles() {
    return Stream.of(
        arguments("nan.csv", CSV, "0,1,2\n1,NaN,3\n", "nan.csv: row 2, column 2: value NaN is not a finite float"),
        arguments("inf.csv", CSV, "0,1,2\n1,3,-Infinity\n", "inf.csv: row 2, column 3: value -Infinity is not a"),
        arguments("huge.csv", CSV, "0,1,2\n1,1e39,3\n", "huge.csv: row 2, column 2: value 1e39 is not a finite"),
        arguments("nan.svm", LIBSVM, "1 1:0.5\n0 2:NaN\n", "nan.svm: row 2, column 2: value NaN of feature 2"),
        arguments("inf.svm", LIBSVM, "1 1:Infinity\n", "inf.svm: row 1, column 2: value Infinity of feature 1"),
        arguments("empty.csv", CSV, "", "empty.csv: no data rows (the file is empty)"),
        arguments("blank.svm", LIBSVM, "\n  \n# only a comment\n", "blank.svm: no data rows"),
        arguments("header-only.csv", CSV_HEADER, "a,price,b\n", "header-only.csv: no data rows"),
        arguments("no-label.csv", CSV_HEADER, "a,cost,b\n1,2,3\n",
            "no-label.csv: label column 'price' is not in the header [a, cost, b]"),
        arguments("narrow.csv", CSV_HEADER, "a,price,b\n1,2\n", "narrow.csv: row 2: has 2 columns, expected 3 like the header"),
        arguments("short-row.csv", CSV, "0,1,2\n1,2\n", "short-row.csv: row 2: has 2 columns, expected 3 like the first row"),
        arguments("one-column.csv", CSV, "0\n1\n", "one-column.csv: row 1: needs a label and at least one feature"),
        arguments("index-zero.svm", LIBSVM, "1 0:1\n", "index-zero.svm: row 1, column 2: feature index 0 is below 1"),
        arguments("index-negative.svm", LIBSVM, "1 -3:1\n", "index-negative.svm: row 1, column 2: feature index -3 is below 1"),
        arguments("index-order.svm", LIBSVM, "1 2:1 2:3\n", "index-order.svm: row 1, column 3: feature index 2 does not increase"),
        arguments("index-huge.svm", LIBSVM, "1 99999999999:1\n", "index-huge.svm: row 1, column 2: '99999999999' is not a feature index"),
        arguments("index-wide.svm", LIBSVM, "1 16777217:1\n", "index-wide.svm: row 1, column 2: feature index 16777217 is above 16777216"),
        arguments("no-colon.svm", LIBSVM, "1 3\n", "no-colon.svm: row 1, column 2: '3' is not index:value"),
        arguments("label-first.svm", LIBSVM, "1:1 2:2\n", "label-first.svm: row 1, column label: '1:1' is index:value"),
        arguments("fraction.csv", CSV, "0,1,2\n1.5,3,4\n", "fraction.csv: row 2, column 1: label 1.5 is not a class index in [0, 3)"),
        arguments("negative.svm", LIBSVM, "-1 1:1\n", "negative.svm: row 1, column label: label -1.0 is not a class index"),
        arguments("too-big.csv", CSV, "0,1,2\n3,3,4\n", "too-big.csv: row 2, column 1: label 3.0 is not a class index"),
        arguments("label-nan.csv", CSV, "NaN,1,2\n", "label-nan.csv: row 1, column 1: label is NaN, expected a number"),
        arguments("empty-label.csv", CSV, "0,1,2\n,3,4\n", "empty-label.csv: row 2, column 1: the label is empty"),
        arguments("empty-cell.csv", CSV, "0,1,2\n1,,4\n", "empty-cell.csv: row 2, column 2: the value is empty"),
        arguments("latin1.csv", CSV, "0,1,2\n1,\u00e9,4\n", "latin1.csv: row 2, column 2: "));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenFiles")
  void eachBrokenFileIsABadInputErrorNamingFileRowAndColumn(String name, BiFunction<Path, BadRowPolicy, DataSpec> spec,
      String content, String message) throws Exception {
    Path file = Files.write(dir.resolve(name), content.getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> LocalReader.read(spec.apply(file, BadRowPolicy.FAIL), file.toString(), CONF))
        .isInstanceOf(BadInputException.class).hasMessageContaining(message);
  }

  @Test
  void aPathMatchingNoFilesAndAFolderWithoutDataAreReported() throws Exception {
    Files.createDirectories(dir.resolve("hidden-only"));
    Files.writeString(dir.resolve("hidden-only/_SUCCESS"), "");

    assertThatThrownBy(() -> read(CSV, dir.resolve("*.csv"), BadRowPolicy.FAIL))
        .isInstanceOf(BadInputException.class).hasMessageContaining("*.csv: no such file or directory");
    assertThatThrownBy(() -> read(CSV, dir.resolve("hidden-only"), BadRowPolicy.FAIL))
        .isInstanceOf(BadInputException.class).hasMessageContaining("hidden-only: holds no data files");
  }

  @Test
  void aFolderOfFilesWithDifferentWidthsIsReportedNamingBoth() throws Exception {
    Files.createDirectories(dir.resolve("mixed"));
    Files.writeString(dir.resolve("mixed/a.csv"), "0,1,2\n");
    Files.writeString(dir.resolve("mixed/b.csv"), "0,1,2,3\n");

    assertThatThrownBy(() -> read(CSV, dir.resolve("mixed"), BadRowPolicy.FAIL))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("b.csv: rows have 3 features but").hasMessageContaining("a.csv has 2");
  }

  @Test
  void aCutOffGzipFileIsReportedEvenWhenSkippingBadRows() throws Exception {
    StringBuilder rows = new StringBuilder();
    for (int i = 0; i < 2000; i++) {
      rows.append(i % 3).append(',').append(i).append(',').append(i * 7 % 13).append('\n');
    }
    byte[] whole = gzip(rows.toString().getBytes(StandardCharsets.US_ASCII));
    Path cut = Files.write(dir.resolve("cut.csv.gz"), Arrays.copyOf(whole, whole.length / 2));

    for (BadRowPolicy policy : List.of(BadRowPolicy.FAIL, BadRowPolicy.skip(1))) {
      assertThatThrownBy(() -> read(CSV, cut, policy)).isInstanceOf(BadInputException.class)
          .hasMessageContaining("cut.csv.gz: ends unexpectedly (truncated or cut-off compressed file?)");
    }
  }

  @Test
  void idxHeadersThatCannotBeRightAreReported() throws Exception {
    writeIdx(dir.resolve("neg"), 0x803, 2, -28, 28);
    writeIdx(dir.resolve("count"), 0x803, -1, 28, 28);
    writeIdx(dir.resolve("magic"), 0x801, 2, 28, 28);
    BiFunction<Path, BadRowPolicy, DataSpec> idx = (path, policy) -> new DataSpec(path.toString(), null,
        DataFormat.IDX, null, false, 10, Normalization.NONE, false).withBadRows(policy);

    assertThatThrownBy(() -> read(idx, dir.resolve("neg"), BadRowPolicy.FAIL)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("neg-images-idx3-ubyte.gz: image size -28x28 in the IDX header is not a usable size");
    assertThatThrownBy(() -> read(idx, dir.resolve("count"), BadRowPolicy.FAIL)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("count-images-idx3-ubyte.gz: the IDX header declares -1 records");
    assertThatThrownBy(() -> read(idx, dir.resolve("magic"), BadRowPolicy.FAIL)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("magic-images-idx3-ubyte.gz: not an IDX images file (magic number 2049");
  }

  @Test
  void skippedCsvRowsAreCountedPerReasonAndTheKeptRowsAreNumberedWithoutGaps() throws Exception {
    Path dirty = Files.writeString(dir.resolve("dirty.csv"), String.join("\n", dirtyCsv()) + "\n");
    List<Row> rows = new ArrayList<>();

    SkippedRows skipped = InputUnits.parse(List.of(dirty.toString()), CONF,
        RowParser.forSpec(CSV.apply(dirty, BadRowPolicy.skip(1))), new LabelRule(3), rows::add);

    assertThat(rows).extracting(Row::index).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(rows).extracting(Row::label).containsExactly(0f, 1f, 2f, 0f, 1f, 2f, 0f);
    assertThat(skipped.byReason()).containsExactly(entry("non-finite-feature", 2L), entry("label-out-of-range", 2L),
        entry("unparsable-number", 1L), entry("missing-value", 1L), entry("missing-label", 1L),
        entry("wrong-width", 1L));
    assertThat(skipped.total()).isEqualTo(8);
  }

  @Test
  void skippedLibsvmRowsAreCountedPerReason() throws Exception {
    Path dirty = Files.writeString(dir.resolve("dirty.svm"), String.join("\n", "1 1:0.5 3:2", "1 0:1", "x 1:1",
        "1:1 2:2", "1 2:1 1:1", "1 1", "1 1:Infinity", "2 2:1", "5 1:1") + "\n");
    List<Row> rows = new ArrayList<>();

    SkippedRows skipped = InputUnits.parse(List.of(dirty.toString()), CONF,
        RowParser.forSpec(LIBSVM.apply(dirty, BadRowPolicy.skip(1))), new LabelRule(3), rows::add);

    assertThat(rows).extracting(Row::index).containsExactly(0L, 1L);
    assertThat(skipped.byReason()).containsExactly(entry("bad-feature-index", 2L), entry("unparsable-number", 1L),
        entry("missing-label", 1L), entry("non-finite-feature", 1L), entry("label-out-of-range", 1L),
        entry("malformed-feature", 1L));
  }

  @Test
  void readingWithSkipEqualsReadingTheFileWithTheBadRowsDeleted() throws Exception {
    Path dirty = Files.writeString(dir.resolve("dirty.csv"), String.join("\n", dirtyCsv()) + "\n");
    Path clean = Files.writeString(dir.resolve("clean.csv"), String.join("\n", cleanCsv()) + "\n");

    Examples skipped = read(CSV, dirty, BadRowPolicy.skip(0.6));
    Examples deleted = read(CSV, clean, BadRowPolicy.FAIL);

    assertThat(skipped).usingRecursiveComparison().isEqualTo(deleted);
  }

  @Test
  void moreBadRowsThanTheLimitFailNamingTheFractionTheLimitAndTheTopReason() throws Exception {
    Path dirty = Files.writeString(dir.resolve("dirty.csv"), String.join("\n", dirtyCsv()) + "\n");

    assertThatThrownBy(() -> read(CSV, dirty, BadRowPolicy.skip(0.5))).isInstanceOf(BadInputException.class)
        .hasMessageContaining("dirty.csv: 8 of 15 rows are bad (fraction 0.5333), above data.max-bad-fraction 0.5;"
            + " most common: non-finite-feature (2 rows, first: ")
        .hasMessageContaining("dirty.csv: row 3, column 2: value NaN is not a finite float)");
    assertThatThrownBy(() -> read(CSV, dirty, BadRowPolicy.FAIL)).isInstanceOf(BadInputException.class)
        .hasMessageContaining("dirty.csv: row 1, column 2: 'x' is not a number");

    Path allBad = Files.writeString(dir.resolve("all-bad.csv"), "1,x,2\n0,NaN,1\n");
    assertThatThrownBy(() -> read(CSV, allBad, BadRowPolicy.skip(1))).isInstanceOf(BadInputException.class)
        .hasMessageContaining("all-bad.csv: no data rows: all 2 rows are bad; most common: unparsable-number");
  }

  @Test
  void aDistributedLoadSkippingBadRowsEqualsTheLoadOfTheFilesWithoutThem() throws Exception {
    List<String> dirtyRows = dirtyCsv();
    List<String> cleanRows = cleanCsv();
    Files.createDirectories(dir.resolve("dirty"));
    Files.createDirectories(dir.resolve("clean"));
    Files.write(dir.resolve("dirty/part-0.csv"), dirtyRows);
    Files.write(dir.resolve("dirty/part-1.csv"), dirtyRows.subList(0, 9));
    Files.write(dir.resolve("dirty/part-2.csv"), List.of("2,NaN,1"));
    Files.write(dir.resolve("clean/part-0.csv"), cleanRows);
    Files.write(dir.resolve("clean/part-1.csv"), List.of("0,1,2", "1,3,4", "2,5,6", "0,7,8"));
    DataSpec dirtySpec = CSV.apply(dir.resolve("dirty"), BadRowPolicy.skip(0.6));
    DataSpec cleanSpec = CSV.apply(dir.resolve("clean"), BadRowPolicy.FAIL);

    ShardedDataset skipped = new DatasetLoader(TestSpark.get(), dirtySpec, 3, 2).loadTraining();
    ShardedDataset deleted = new DatasetLoader(TestSpark.get(), cleanSpec, 3, 2).loadTraining();

    assertThat(skipped.countsPerWorker()).containsExactly(deleted.countsPerWorker());
    Batch[] a = byWorker(skipped);
    Batch[] b = byWorker(deleted);
    for (int w = 0; w < a.length; w++) {
      assertThat(a[w].features()).as("worker %d features", w).containsExactly(b[w].features());
      assertThat(a[w].labels()).as("worker %d labels", w).containsExactly(b[w].labels());
      assertThat(a[w].ids()).as("worker %d example ids", w).containsExactly(b[w].ids());
    }
    assertThat(skipped.skipped().total()).isEqualTo(8 + 5 + 1);
    assertThat(skipped.skipped().byReason()).containsEntry("wrong-width", 2L).containsEntry("non-finite-feature", 4L);
    assertThat(deleted.skipped().total()).isZero();
    skipped.release();
    deleted.release();
  }

  @Test
  void aDistributedLoadOverTheLimitFailsWithTheSameMessage() throws Exception {
    Path dirty = Files.writeString(dir.resolve("dirty.csv"), String.join("\n", dirtyCsv()) + "\n");

    assertThatThrownBy(() -> new DatasetLoader(TestSpark.get(), CSV.apply(dirty, BadRowPolicy.skip(0.1)), 2, 2)
        .loadTraining()).isInstanceOf(BadInputException.class)
        .hasMessageContaining("dirty.csv: 8 of 15 rows are bad (fraction 0.5333), above data.max-bad-fraction 0.1");
  }

  @Test
  void badPolicyValuesAreConfigErrorsNamingTheKey() {
    assertThatThrownBy(() -> BadRowPolicy.skip(1.5)).hasMessage("data.max-bad-fraction must be in [0, 1], got 1.5");
    assertThatThrownBy(() -> BadRowPolicy.skip(Double.NaN)).hasMessage("data.max-bad-fraction must be in [0, 1], got NaN");
    assertThatThrownBy(() -> new BadRowPolicy(null, 0.1)).hasMessage("data.on-bad-row is required");
  }

  /** Seven good rows (those of {@link #cleanCsv}) with eight bad ones between them, the first bad. */
  private static List<String> dirtyCsv() {
    return List.of("1,x,4", "0,1,2", "2,NaN,1", "1,3,4", "3,1,1", "1,2", "2,5,6", ",1,2", "0,7,8", "0,,2",
        "1,1e39,0", "1,9,10", "0.5,1,1", "2,11,12", "0,13,14");
  }

  private static List<String> cleanCsv() {
    return List.of("0,1,2", "1,3,4", "2,5,6", "0,7,8", "1,9,10", "2,11,12", "0,13,14");
  }

  private static Examples read(BiFunction<Path, BadRowPolicy, DataSpec> spec, Path path, BadRowPolicy policy) {
    return LocalReader.read(spec.apply(path, policy), path.toString(), CONF);
  }

  private static Batch[] byWorker(ShardedDataset data) {
    return data.shards().collect().stream().sorted(Comparator.comparingInt(WorkerShard::worker))
        .map(shard -> shard.slice(0, shard.count())).toArray(Batch[]::new);
  }

  private static byte[] gzip(byte[] bytes) throws Exception {
    var buffer = new java.io.ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(buffer)) {
      out.write(bytes);
    }
    return buffer.toByteArray();
  }

  private static void writeIdx(Path prefix, int magic, int count, int rows, int columns) throws Exception {
    try (var images = new DataOutputStream(new GZIPOutputStream(
            Files.newOutputStream(Path.of(prefix + "-images-idx3-ubyte.gz"))));
        var labels = new DataOutputStream(new GZIPOutputStream(
            Files.newOutputStream(Path.of(prefix + "-labels-idx1-ubyte.gz"))))) {
      images.writeInt(magic);
      images.writeInt(count);
      images.writeInt(rows);
      images.writeInt(columns);
      labels.writeInt(0x801);
      labels.writeInt(count);
    }
  }
}
