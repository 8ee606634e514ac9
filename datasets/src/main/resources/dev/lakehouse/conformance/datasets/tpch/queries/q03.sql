-- TPC-H Q3: shipping priority (top 10 unshipped orders by revenue, 3-way join)
-- Parameters: SEGMENT = BUILDING, DATE = 1995-03-15 (the spec's validation values)
-- Order keys: 1, 2 (revenue DESC, orderdate)
-- Ties: two orders with the same revenue and date may come in either order; a tie at the LIMIT
-- boundary could even change which order is returned (none at tiny scale).
SELECT
    l.orderkey,
    sum(l.extendedprice * (1 - l.discount)) AS revenue,
    o.orderdate,
    o.shippriority
FROM customer c, orders o, lineitem l
WHERE c.mktsegment = 'BUILDING'
  AND c.custkey = o.custkey
  AND l.orderkey = o.orderkey
  AND o.orderdate < DATE '1995-03-15'
  AND l.shipdate > DATE '1995-03-15'
GROUP BY l.orderkey, o.orderdate, o.shippriority
ORDER BY revenue DESC, o.orderdate
LIMIT 10
