-- TPC-H Q15: top supplier (the spec's revenue view as a WITH query)
-- Parameters: DATE = 1996-01-01 (the spec's validation values)
-- Order keys: 0 (suppkey: unique, so no ties)
-- The spec compares each supplier's revenue with max() over a second evaluation of the view;
-- with double revenues two evaluations may sum in different orders and differ in the last bit,
-- which would lose the top supplier. A window max() over one evaluation keeps the comparison exact.
WITH revenue0 AS (
    SELECT
        l.suppkey AS supplier_no,
        sum(l.extendedprice * (1 - l.discount)) AS total_revenue
    FROM lineitem l
    WHERE l.shipdate >= DATE '1996-01-01'
      AND l.shipdate < DATE '1996-01-01' + INTERVAL '3' MONTH
    GROUP BY l.suppkey
)
SELECT
    s.suppkey,
    s.name,
    s.address,
    s.phone,
    r.total_revenue
FROM supplier s, (
    SELECT
        supplier_no,
        total_revenue,
        max(total_revenue) OVER () AS max_revenue
    FROM revenue0
) AS r
WHERE s.suppkey = r.supplier_no
  AND r.total_revenue = r.max_revenue
ORDER BY s.suppkey
