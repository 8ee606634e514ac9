-- Edge-case dataset, Trino dialect. spark.sql holds the same table and rows in Spark SQL;
-- both must produce the same Iceberg schema and the same values (checked cross-engine).
-- Statements end with ';' (outside string literals); '--' starts a comment; ${table} is replaced
-- by the qualified table name.
--
-- Literals are typed or written at the column's scale on purpose: VALUES unifies each column's
-- type across all rows, and a decimal literal with a different scale could widen past 38 digits
-- and be rounded.
-- NaN is left out: NaN never equals itself, so row-by-row equality checks could not pass.
-- Local times that fall in a DST gap are left out: Trino rejects them, Spark moves them forward.

CREATE TABLE ${table} (
    id integer,
    str_val varchar,
    bigint_val bigint,
    int_val integer,
    double_val double,
    real_val real,
    bool_val boolean,
    dec38_0 decimal(38, 0),
    dec38_18 decimal(38, 18),
    dec9_2 decimal(9, 2),
    date_val date,
    ts_val timestamp(6),
    tstz_val timestamp(6) with time zone,
    bin_val varbinary,
    int_array array(integer),
    str_int_map map(varchar, integer),
    struct_val row(label varchar, nums array(integer)),
    struct_array array(row(k varchar, v double))
)
WITH (format_version = 2);

INSERT INTO ${table} VALUES
-- 1: ordinary values, leap day
(1, 'hello', BIGINT '42', 7, 1.5E0, REAL '2.5', true,
 DECIMAL '12345', DECIMAL '1.500000000000000000', DECIMAL '12.34',
 DATE '2024-02-29', TIMESTAMP '2024-02-29 12:34:56.123456', TIMESTAMP '2024-02-29 12:34:56.123456 UTC',
 X'CAFEBABE', ARRAY[1, 2, 3], MAP(ARRAY['a', 'b'], ARRAY[1, 2]),
 CAST(ROW('first', ARRAY[1, 2]) AS row(label varchar, nums array(integer))),
 ARRAY[CAST(ROW('x', 1.0E0) AS row(k varchar, v double)), CAST(ROW('y', -2.5E0) AS row(k varchar, v double))]),
-- 2: null in every column but the key
(2, NULL, NULL, NULL, NULL, NULL, NULL,
 NULL, NULL, NULL,
 NULL, NULL, NULL,
 NULL, NULL, NULL,
 NULL,
 NULL),
-- 3: maximum of every type
(3, 'max', BIGINT '9223372036854775807', INTEGER '2147483647', 1.7976931348623157E308, REAL '3.4028235E38', false,
 DECIMAL '99999999999999999999999999999999999999', DECIMAL '99999999999999999999.999999999999999999', DECIMAL '9999999.99',
 DATE '9999-12-31', TIMESTAMP '9999-12-31 23:59:59.999999', TIMESTAMP '9999-12-31 23:59:59.999999 UTC',
 X'FFFFFFFF', ARRAY[2147483647], MAP(ARRAY['max'], ARRAY[2147483647]),
 CAST(ROW('max', ARRAY[2147483647]) AS row(label varchar, nums array(integer))),
 ARRAY[CAST(ROW('max', 1.7976931348623157E308) AS row(k varchar, v double))]),
-- 4: minimum of every type (most negative), dates and times before the epoch
(4, 'min', BIGINT '-9223372036854775808', INTEGER '-2147483648', -1.7976931348623157E308, REAL '-3.4028235E38', true,
 DECIMAL '-99999999999999999999999999999999999999', DECIMAL '-99999999999999999999.999999999999999999', DECIMAL '-9999999.99',
 DATE '1900-01-01', TIMESTAMP '1900-01-01 00:00:00.000001', TIMESTAMP '1900-01-01 00:00:00.000001 UTC',
 X'00', ARRAY[-2147483648], MAP(ARRAY['min'], ARRAY[-2147483648]),
 CAST(ROW('min', ARRAY[-2147483648]) AS row(label varchar, nums array(integer))),
 ARRAY[CAST(ROW('min', -1.7976931348623157E308) AS row(k varchar, v double))]),
-- 5: unicode (accents, CJK, emoji outside the BMP, right-to-left scripts); zero and the epoch
(5, 'Crème brûlée, naïve façade | 東京 北京 서울 | 🦆🚀 | שלום עולם | مرحبا', BIGINT '0', 0, 0.0E0, REAL '0.0', false,
 DECIMAL '0', DECIMAL '0.000000000000000001', DECIMAL '0.01',
 DATE '1970-01-01', TIMESTAMP '1970-01-01 00:00:00.000000', TIMESTAMP '1970-01-01 00:00:00.000000 UTC',
 X'F09FA686', ARRAY[0], MAP(ARRAY['日本', 'é', '🦆'], ARRAY[1, 2, 3]),
 CAST(ROW('עברית', ARRAY[0]) AS row(label varchar, nums array(integer))),
 ARRAY[CAST(ROW('مرحبا', 0.0E0) AS row(k varchar, v double))]),
-- 6: empty string, empty binary, empty array, empty map, struct of empties; negative zero
(6, '', BIGINT '-1', -1, -0.0E0, REAL '-0.0', NULL,
 DECIMAL '-1', DECIMAL '-0.000000000000000001', DECIMAL '-0.01',
 DATE '2000-02-29', TIMESTAMP '2000-02-29 00:00:00.000000', TIMESTAMP '2000-02-29 00:00:00.000000 UTC',
 X'', ARRAY[], MAP(),
 CAST(ROW('', ARRAY[]) AS row(label varchar, nums array(integer))),
 ARRAY[]),
-- 7: quotes, a newline, a tab, a backslash, a semicolon and a comment marker inside strings; subnormals
(7, 'It''s "quoted";' || chr(10) || 'second line -- not a comment' || chr(9) || 'tab \ backslash',
 BIGINT '1', 1, 4.9E-324, REAL '1.4E-45', true,
 DECIMAL '1', DECIMAL '0.333333333333333333', DECIMAL '0.33',
 DATE '1999-12-31', TIMESTAMP '1999-12-31 23:59:59.999999', TIMESTAMP '1999-12-31 23:59:59.999999 UTC',
 X'27225C0A', ARRAY[1], MAP(ARRAY['key''s', 'line' || chr(10) || 'break'], ARRAY[1, 2]),
 CAST(ROW('multi' || chr(10) || 'line', ARRAY[1]) AS row(label varchar, nums array(integer))),
 ARRAY[CAST(ROW('"double"', 0.1E0) AS row(k varchar, v double))]),
-- 8: nulls inside containers; a timestamp given at +05:30 that is the previous day in UTC
(8, 'nulls inside', BIGINT '123456789012345', 123456, 0.1E0, REAL '0.1', false,
 DECIMAL '12345678901234567890123456789012345678', DECIMAL '12345678901234567890.123456789012345678', DECIMAL '1234567.89',
 DATE '2024-01-01', TIMESTAMP '2024-01-01 03:00:00.000001', TIMESTAMP '2024-01-01 03:00:00.000001 +05:30',
 X'0102', ARRAY[1, NULL, 3], MAP(ARRAY['none', 'one'], ARRAY[NULL, 1]),
 CAST(ROW(NULL, ARRAY[NULL]) AS row(label varchar, nums array(integer))),
 ARRAY[CAST(ROW('no value', NULL) AS row(k varchar, v double)), NULL]),
-- 9: one microsecond before the epoch, given at -08:00; negative fractions
(9, 'before epoch', BIGINT '-123456789012345', -123456, -1.0E-300, REAL '-1.0E-30', true,
 DECIMAL '-12345678901234567890123456789012345678', DECIMAL '-12345678901234567890.123456789012345678', DECIMAL '-1234567.89',
 DATE '1969-12-31', TIMESTAMP '1969-12-31 23:59:59.999999', TIMESTAMP '1969-12-31 23:59:59.999999 -08:00',
 X'DEADBEEF', ARRAY[NULL], MAP(ARRAY['k'], ARRAY[-1]),
 CAST(ROW('before', NULL) AS row(label varchar, nums array(integer))),
 ARRAY[NULL]),
-- 10: a local time that occurs twice (end of DST in New York): both engines take the earlier offset
(10, 'dst overlap', BIGINT '10', 10, 1.0E100, REAL '1.0E10', false,
 DECIMAL '10', DECIMAL '10.000000000000000000', DECIMAL '10.00',
 DATE '2024-11-03', TIMESTAMP '2024-11-03 01:30:00.000000', TIMESTAMP '2024-11-03 01:30:00.000000 America/New_York',
 X'0A', ARRAY[10, 10], MAP(ARRAY['ten'], ARRAY[10]),
 CAST(ROW('ten', ARRAY[10, NULL]) AS row(label varchar, nums array(integer))),
 ARRAY[CAST(ROW('ten', 10.0E0) AS row(k varchar, v double)), CAST(ROW('ten', 10.0E0) AS row(k varchar, v double))]);
