import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';
import { Environment } from '#libs/config';
import { QueueName } from './queue-names.js';
import { RedisClient } from './redis-client.js';

/** BullMQ on the configured Redis, with every queue registered. */
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [Environment],
      useFactory: (env: Environment) => ({
        connection: { url: env.REDIS_URL, maxRetriesPerRequest: null },
        prefix: env.QUEUE_PREFIX,
      }),
    }),
    BullModule.registerQueue({ name: QueueName.System }, { name: QueueName.AlertScan }, { name: QueueName.AlertDelivery }, { name: QueueName.Audit }),
  ],
  providers: [RedisClient],
  exports: [BullModule, RedisClient],
})
export class QueuesModule {}
