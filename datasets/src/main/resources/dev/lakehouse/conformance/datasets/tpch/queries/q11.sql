-- TPC-H Q11: important stock identification (HAVING against a scalar subquery)
-- Parameters: NATION = GERMANY, FRACTION = 0.0001 (the spec's validation values; the spec scales
-- FRACTION as 0.0001 / SF, kept fixed here so that one text serves every scale)
-- Order keys: 1 (value DESC)
-- Ties: parts with the same value may come in either order.
SELECT
    ps.partkey,
    sum(ps.supplycost * ps.availqty) AS value
FROM partsupp ps, supplier s, nation n
WHERE ps.suppkey = s.suppkey
  AND s.nationkey = n.nationkey
  AND n.name = 'GERMANY'
GROUP BY ps.partkey
HAVING sum(ps.supplycost * ps.availqty) > (
    SELECT sum(ps2.supplycost * ps2.availqty) * 0.0001
    FROM partsupp ps2, supplier s2, nation n2
    WHERE ps2.suppkey = s2.suppkey
      AND s2.nationkey = n2.nationkey
      AND n2.name = 'GERMANY')
ORDER BY value DESC
