"""What the image's class-data sharing archive is trained on (see README.md, "Class-data sharing").

Run once when the image is built, with spark-submit in local mode inside the image's own file system, with
-XX:DumpLoadedClassList: the classes this loads (Spark SQL, PySpark's gateway, Iceberg, Parquet, the Hive
metastore client and the AWS SDK as far as they load without a server) are those a driver or an executor of
the platform's jobs loads too; the archive is dumped from that list. Nothing here is a check: a class it misses
is read from its jar as usual, only more slowly.
"""

from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F

WAREHOUSE = "file:///tmp/cds/warehouse"

spark = (SparkSession.builder.appName("cds-training")
         .config("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions")
         .config("spark.sql.catalog.local", "org.apache.iceberg.spark.SparkCatalog")
         .config("spark.sql.catalog.local.type", "hadoop")
         .config("spark.sql.catalog.local.warehouse", WAREHOUSE)
         # the platform's catalog kind (Hive metastore, S3FileIO), at an address where nothing listens: its
         # client classes load, the call fails at once
         .config("spark.sql.catalog.hms", "org.apache.iceberg.spark.SparkCatalog")
         .config("spark.sql.catalog.hms.type", "hive")
         .config("spark.sql.catalog.hms.uri", "thrift://127.0.0.1:9")
         .config("spark.sql.catalog.hms.io-impl", "org.apache.iceberg.aws.s3.S3FileIO")
         .config("spark.sql.catalog.hms.s3.endpoint", "http://127.0.0.1:9")
         .config("spark.sql.catalog.hms.client.region", "us-east-1")
         .config("spark.hadoop.hive.metastore.connect.retries", "0")
         .config("spark.sql.shuffle.partitions", "2")
         .getOrCreate())

# parsing text as the jobs do (CSV with a header, JSON Lines), window functions, a shuffle
lines = spark.sparkContext.parallelize(["id,name,amount", "1,a,1.50", "2,b,2.25", "2,b,2.25"], 1)
csv = spark.read.csv(lines, header=True, inferSchema=False)
json = spark.read.json(spark.sparkContext.parallelize(['{"id": "3", "name": "c", "amount": "3.00"}', "not json"], 1),
                       schema="id string, name string, amount string, _corrupt_record string")
rows = (csv.unionByName(json.drop("_corrupt_record"))
        .select(F.col("id").try_cast("bigint").alias("id"), F.trim("name").alias("name"),
                F.col("amount").try_cast("decimal(12,2)").alias("amount"))
        .withColumn("n", F.row_number().over(Window.partitionBy("id").orderBy("name"))))
rows.groupBy("name").agg(F.count("*"), F.sum("amount")).collect()

# Iceberg: create, append, overwrite a partition, merge, delete, metadata tables, maintenance procedures
spark.sql("CREATE TABLE local.db.t (id bigint, name string, amount decimal(12,2), day date) USING iceberg"
          " PARTITIONED BY (day) TBLPROPERTIES ('format-version'='2')")
rows.drop("n").withColumn("day", F.current_date()).writeTo("local.db.t").append()
rows.drop("n").withColumn("day", F.current_date()).writeTo("local.db.t").overwrite(F.col("day") == F.current_date())
spark.sql("MERGE INTO local.db.t t USING (SELECT 1L AS id, 'z' AS name) s ON t.id = s.id"
          " WHEN MATCHED THEN UPDATE SET name = s.name WHEN NOT MATCHED THEN INSERT (id, name) VALUES (s.id, s.name)")
spark.sql("DELETE FROM local.db.t WHERE id = 2")
spark.sql("SELECT snapshot_id FROM local.db.t.snapshots ORDER BY committed_at DESC LIMIT 1").collect()
spark.sql("SELECT * FROM local.db.t.files").collect()
spark.sql("CALL local.system.rewrite_data_files(table => 'db.t')").collect()
spark.sql("CALL local.system.expire_snapshots(table => 'db.t', retain_last => 1)").collect()
spark.sql("SELECT day, count(*), sum(amount) FROM local.db.t GROUP BY day").collect()

try:
    spark.sql("SHOW NAMESPACES IN hms").collect()
except Exception:  # noqa: BLE001 - expected: nothing listens there
    pass
jvm = spark.sparkContext._jvm
io = jvm.org.apache.iceberg.aws.s3.S3FileIO()
io.initialize({"s3.endpoint": "http://127.0.0.1:9", "client.region": "us-east-1", "s3.path-style-access": "true",
               "s3.access-key-id": "training", "s3.secret-access-key": "training", "s3.retry.num-retries": "0"})
try:
    io.newInputFile("s3://training/key").exists()
except Exception:  # noqa: BLE001 - expected: nothing listens there
    pass
io.close()
spark.stop()
