-- TPC-H Q18: large volume customer (IN subquery with HAVING, 3-way join)
-- Parameters: QUANTITY = 300 (the spec's validation values)
-- Order keys: 4, 3 (totalprice DESC, orderdate)
-- Ties: two orders with the same total price and date may come in either order; a tie at the
-- LIMIT boundary could even change which order is returned (fewer than 100 rows at tiny scale).
SELECT
    c.name,
    c.custkey,
    o.orderkey,
    o.orderdate,
    o.totalprice,
    sum(l.quantity) AS sum_quantity
FROM customer c, orders o, lineitem l
WHERE o.orderkey IN (
      SELECT l2.orderkey
      FROM lineitem l2
      GROUP BY l2.orderkey
      HAVING sum(l2.quantity) > 300)
  AND c.custkey = o.custkey
  AND o.orderkey = l.orderkey
GROUP BY c.name, c.custkey, o.orderkey, o.orderdate, o.totalprice
ORDER BY o.totalprice DESC, o.orderdate
LIMIT 100
