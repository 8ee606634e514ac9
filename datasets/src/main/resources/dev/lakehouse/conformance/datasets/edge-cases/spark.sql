-- Edge-case dataset, Spark SQL dialect. trino.sql holds the same table and rows in Trino SQL;
-- both must produce the same Iceberg schema and the same values (checked cross-engine).
-- Statements end with ';' (outside string literals); '--' starts a comment; ${table} is replaced
-- by the qualified table name. Spark string literals take backslash escapes ('\n', '\'', '\\').
--
-- Type mapping to Trino: TIMESTAMP_NTZ = timestamp(6), TIMESTAMP = timestamp(6) with time zone,
-- FLOAT = real, BINARY = varbinary, STRUCT = row. Every TIMESTAMP literal carries its own offset
-- so the result does not depend on spark.sql.session.timeZone.
-- Literals are typed or written at the column's scale on purpose: VALUES unifies each column's
-- type across all rows, and a decimal literal with a different scale could widen past 38 digits
-- and be rounded. FLOAT values are cast from strings because Spark's 3.4028235E38F literal is
-- range-checked as an exact decimal and rejected, although it is how Java prints Float.MAX_VALUE.
-- NaN is left out: NaN never equals itself, so row-by-row equality checks could not pass.
-- Local times that fall in a DST gap are left out: Trino rejects them, Spark moves them forward.

CREATE TABLE ${table} (
    id INT,
    str_val STRING,
    bigint_val BIGINT,
    int_val INT,
    double_val DOUBLE,
    real_val FLOAT,
    bool_val BOOLEAN,
    dec38_0 DECIMAL(38, 0),
    dec38_18 DECIMAL(38, 18),
    dec9_2 DECIMAL(9, 2),
    date_val DATE,
    ts_val TIMESTAMP_NTZ,
    tstz_val TIMESTAMP,
    bin_val BINARY,
    int_array ARRAY<INT>,
    str_int_map MAP<STRING, INT>,
    struct_val STRUCT<label: STRING, nums: ARRAY<INT>>,
    struct_array ARRAY<STRUCT<k: STRING, v: DOUBLE>>
)
USING iceberg
TBLPROPERTIES ('format-version' = '2');

INSERT INTO ${table} VALUES
-- 1: ordinary values, leap day
(1, 'hello', 42L, 7, 1.5D, CAST('2.5' AS FLOAT), true,
 12345BD, 1.500000000000000000BD, 12.34BD,
 DATE '2024-02-29', TIMESTAMP_NTZ '2024-02-29 12:34:56.123456', TIMESTAMP '2024-02-29 12:34:56.123456+00:00',
 X'CAFEBABE', array(1, 2, 3), map('a', 1, 'b', 2),
 named_struct('label', 'first', 'nums', array(1, 2)),
 array(named_struct('k', 'x', 'v', 1.0D), named_struct('k', 'y', 'v', -2.5D))),
-- 2: null in every column but the key
(2, NULL, NULL, NULL, NULL, NULL, NULL,
 NULL, NULL, NULL,
 NULL, NULL, NULL,
 NULL, NULL, NULL,
 NULL,
 NULL),
-- 3: maximum of every type
(3, 'max', 9223372036854775807L, 2147483647, 1.7976931348623157E308D, CAST('3.4028235E38' AS FLOAT), false,
 99999999999999999999999999999999999999BD, 99999999999999999999.999999999999999999BD, 9999999.99BD,
 DATE '9999-12-31', TIMESTAMP_NTZ '9999-12-31 23:59:59.999999', TIMESTAMP '9999-12-31 23:59:59.999999+00:00',
 X'FFFFFFFF', array(2147483647), map('max', 2147483647),
 named_struct('label', 'max', 'nums', array(2147483647)),
 array(named_struct('k', 'max', 'v', 1.7976931348623157E308D))),
-- 4: minimum of every type (most negative), dates and times before the epoch
(4, 'min', -9223372036854775808L, -2147483648, -1.7976931348623157E308D, CAST('-3.4028235E38' AS FLOAT), true,
 -99999999999999999999999999999999999999BD, -99999999999999999999.999999999999999999BD, -9999999.99BD,
 DATE '1900-01-01', TIMESTAMP_NTZ '1900-01-01 00:00:00.000001', TIMESTAMP '1900-01-01 00:00:00.000001+00:00',
 X'00', array(-2147483648), map('min', -2147483648),
 named_struct('label', 'min', 'nums', array(-2147483648)),
 array(named_struct('k', 'min', 'v', -1.7976931348623157E308D))),
-- 5: unicode (accents, CJK, emoji outside the BMP, right-to-left scripts); zero and the epoch
(5, 'Crème brûlée, naïve façade | 東京 北京 서울 | 🦆🚀 | שלום עולם | مرحبا', 0L, 0, 0.0D, CAST('0.0' AS FLOAT), false,
 0BD, 0.000000000000000001BD, 0.01BD,
 DATE '1970-01-01', TIMESTAMP_NTZ '1970-01-01 00:00:00.000000', TIMESTAMP '1970-01-01 00:00:00.000000+00:00',
 X'F09FA686', array(0), map('日本', 1, 'é', 2, '🦆', 3),
 named_struct('label', 'עברית', 'nums', array(0)),
 array(named_struct('k', 'مرحبا', 'v', 0.0D))),
-- 6: empty string, empty binary, empty array, empty map, struct of empties; negative zero
(6, '', -1L, -1, -0.0D, CAST('-0.0' AS FLOAT), NULL,
 -1BD, -0.000000000000000001BD, -0.01BD,
 DATE '2000-02-29', TIMESTAMP_NTZ '2000-02-29 00:00:00.000000', TIMESTAMP '2000-02-29 00:00:00.000000+00:00',
 X'', CAST(array() AS ARRAY<INT>), CAST(map() AS MAP<STRING, INT>),
 named_struct('label', '', 'nums', CAST(array() AS ARRAY<INT>)),
 CAST(array() AS ARRAY<STRUCT<k: STRING, v: DOUBLE>>)),
-- 7: quotes, a newline, a tab, a backslash, a semicolon and a comment marker inside strings; subnormals
(7, 'It\'s "quoted";\nsecond line -- not a comment\ttab \\ backslash',
 1L, 1, 4.9E-324D, CAST('1.4E-45' AS FLOAT), true,
 1BD, 0.333333333333333333BD, 0.33BD,
 DATE '1999-12-31', TIMESTAMP_NTZ '1999-12-31 23:59:59.999999', TIMESTAMP '1999-12-31 23:59:59.999999+00:00',
 X'27225C0A', array(1), map('key\'s', 1, 'line\nbreak', 2),
 named_struct('label', 'multi\nline', 'nums', array(1)),
 array(named_struct('k', '"double"', 'v', 0.1D))),
-- 8: nulls inside containers; a timestamp given at +05:30 that is the previous day in UTC
(8, 'nulls inside', 123456789012345L, 123456, 0.1D, CAST('0.1' AS FLOAT), false,
 12345678901234567890123456789012345678BD, 12345678901234567890.123456789012345678BD, 1234567.89BD,
 DATE '2024-01-01', TIMESTAMP_NTZ '2024-01-01 03:00:00.000001', TIMESTAMP '2024-01-01 03:00:00.000001+05:30',
 X'0102', array(1, NULL, 3), map('none', CAST(NULL AS INT), 'one', 1),
 named_struct('label', CAST(NULL AS STRING), 'nums', array(CAST(NULL AS INT))),
 array(named_struct('k', 'no value', 'v', CAST(NULL AS DOUBLE)), NULL)),
-- 9: one microsecond before the epoch, given at -08:00; negative fractions
(9, 'before epoch', -123456789012345L, -123456, -1.0E-300D, CAST('-1.0E-30' AS FLOAT), true,
 -12345678901234567890123456789012345678BD, -12345678901234567890.123456789012345678BD, -1234567.89BD,
 DATE '1969-12-31', TIMESTAMP_NTZ '1969-12-31 23:59:59.999999', TIMESTAMP '1969-12-31 23:59:59.999999-08:00',
 X'DEADBEEF', array(CAST(NULL AS INT)), map('k', -1),
 named_struct('label', 'before', 'nums', CAST(NULL AS ARRAY<INT>)),
 array(CAST(NULL AS STRUCT<k: STRING, v: DOUBLE>))),
-- 10: a local time that occurs twice (end of DST in New York): both engines take the earlier offset
(10, 'dst overlap', 10L, 10, 1.0E100D, CAST('1.0E10' AS FLOAT), false,
 10BD, 10.000000000000000000BD, 10.00BD,
 DATE '2024-11-03', TIMESTAMP_NTZ '2024-11-03 01:30:00.000000', TIMESTAMP '2024-11-03 01:30:00.000000 America/New_York',
 X'0A', array(10, 10), map('ten', 10),
 named_struct('label', 'ten', 'nums', array(10, NULL)),
 array(named_struct('k', 'ten', 'v', 10.0D), named_struct('k', 'ten', 'v', 10.0D)));
