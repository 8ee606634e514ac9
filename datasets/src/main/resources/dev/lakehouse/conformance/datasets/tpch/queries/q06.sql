-- TPC-H Q6: forecasting revenue change (one-table filter and sum)
-- Parameters: DATE = 1994-01-01, DISCOUNT = 0.06, QUANTITY = 24 (the spec's validation values)
-- Order keys: none (one row)
SELECT
    sum(extendedprice * discount) AS revenue
FROM lineitem
WHERE shipdate >= DATE '1994-01-01'
  AND shipdate < DATE '1994-01-01' + INTERVAL '1' YEAR
  AND discount BETWEEN 0.06 - 0.01 AND 0.06 + 0.01
  AND quantity < 24
