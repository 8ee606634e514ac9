package dev.lakehouse.conformance.suite.support;

import dev.lakehouse.conformance.target.MetastoreEndpoint;
import org.apache.hadoop.hive.metastore.api.ThriftHiveMetastore;
import org.apache.hadoop.hive.metastore.api.GetTableRequest;
import org.apache.hadoop.hive.metastore.api.Table;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransportException;

/** The metastore's own Thrift API, unframed binary protocol as HMS serves it by default. */
public final class MetastoreClient implements AutoCloseable {
    private final TSocket socket;
    private final ThriftHiveMetastore.Client client;

    public MetastoreClient(MetastoreEndpoint endpoint) {
        try {
            socket = new TSocket(new TConfiguration(), endpoint.host(), endpoint.port(), 60_000);
            socket.open();
        } catch (TTransportException e) {
            throw new IllegalStateException("cannot reach the metastore at " + endpoint.thriftUri() + ": " + e.getMessage(), e);
        }
        client = new ThriftHiveMetastore.Client(new TBinaryProtocol(socket));
    }

    public ThriftHiveMetastore.Client api() {
        return client;
    }

    /** get_table is gone from the Thrift API of metastore 4; get_table_req is what clients use now. */
    public Table table(String database, String name) throws TException {
        return client.get_table_req(new GetTableRequest(database, name)).getTable();
    }

    @Override
    public void close() {
        socket.close();
    }
}
