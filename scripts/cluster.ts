// `npm run cluster -- --nodes 3 [--port 8080]`: several Switchboard nodes behind HAProxy on one URL, for demos
// and tests. Ctrl-C stops them all.
import { startCluster } from './cluster/cluster';
import { CLUSTER_USAGE, parseClusterArgs, UsageError, type ClusterOptions } from './cluster/options';

let options: ClusterOptions;
try {
  options = parseClusterArgs(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`${error.message}\n${CLUSTER_USAGE}`);
  process.exit(2);
}

const line = (text: string) => void process.stdout.write(`${text}\n`);
try {
  const cluster = await startCluster(options, { line });
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    line('[cluster] stopping every node');
    await cluster.stop();
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));
  // Without its one entrance the cluster is unusable; a node alone may stop (a failover test kills some).
  cluster.haproxy.once('exit', () => void stop(1));
  line(
    `\nSwitchboard cluster ready: ${cluster.url}  (${cluster.nodes.map((n) => `${n.id} ${n.url}`).join(', ')}; ` +
      'Ctrl-C stops all)\n',
  );
} catch (error) {
  console.error(`The cluster could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
