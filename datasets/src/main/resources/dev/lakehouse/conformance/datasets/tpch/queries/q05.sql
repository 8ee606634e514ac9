-- TPC-H Q5: local supplier volume (6-way join)
-- Parameters: REGION = ASIA, DATE = 1994-01-01 (the spec's validation values)
-- Order keys: 1 (revenue DESC)
-- Ties: only if two nations had the same revenue (none at tiny scale).
SELECT
    n.name,
    sum(l.extendedprice * (1 - l.discount)) AS revenue
FROM customer c, orders o, lineitem l, supplier s, nation n, region r
WHERE c.custkey = o.custkey
  AND l.orderkey = o.orderkey
  AND l.suppkey = s.suppkey
  AND c.nationkey = s.nationkey
  AND s.nationkey = n.nationkey
  AND n.regionkey = r.regionkey
  AND r.name = 'ASIA'
  AND o.orderdate >= DATE '1994-01-01'
  AND o.orderdate < DATE '1994-01-01' + INTERVAL '1' YEAR
GROUP BY n.name
ORDER BY revenue DESC
