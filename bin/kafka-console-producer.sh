#!/usr/bin/env bash
# Kafka's own kafka-console-producer.sh, from Maven Central (tools/kafka/pom.xml): what a Kafka distribution's bin/ has.
source "$(dirname "$0")/lib.sh"
kafka_tool org.apache.kafka.tools.ConsoleProducer "$@"
