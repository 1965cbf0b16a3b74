package io.banditflow;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import io.banditflow.job.config.ConfigReference;
import io.banditflow.job.operator.policy.PolicyOperator;
import io.banditflow.job.operator.policy.PolicyStateLayout;
import org.apache.flink.api.common.state.StateDescriptor;

/** The learning core stays plain Java: no Flink, no Kafka, and it never reaches into the shell. */
@AnalyzeClasses(packages = "io.banditflow", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule coreHasNoFlinkOrKafka =
            noClasses()
                    .that()
                    .resideInAPackage("io.banditflow.core..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage("org.apache.flink..", "org.apache.kafka..", "kafka..");

    @ArchTest
    static final ArchRule coreDoesNotDependOnTheShell =
            noClasses()
                    .that()
                    .resideInAPackage("io.banditflow.core..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "io.banditflow.job..",
                            "io.banditflow.demo..",
                            "io.banditflow.study..",
                            "io.banditflow.benchmark..",
                            "io.banditflow.local..",
                            "io.banditflow.ops..",
                            "io.banditflow.harness..");

    /**
     * What the demo, studies, benchmarks and tests run on one machine (an embedded broker, local
     * Flink settings) and the mains that use it stay out of what a platform team deploys: the job,
     * the core, the operations tools and the evaluation harness.
     */
    @ArchTest
    static final ArchRule deployedCodeDoesNotDependOnLocalRuns =
            noClasses()
                    .that()
                    .resideInAnyPackage(
                            "io.banditflow.core..",
                            "io.banditflow.job..",
                            "io.banditflow.ops..",
                            "io.banditflow.harness..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "io.banditflow.local..",
                            "io.banditflow.demo..",
                            "io.banditflow.study..",
                            "io.banditflow.benchmark..");

    /**
     * The core's packages build on each other one way: the learners and the decision rules use the
     * guardrails, the events and the round clock, never the reverse.
     */
    @ArchTest
    static final ArchRule coreFoundationsDoNotReachUp =
            noClasses()
                    .that()
                    .resideInAnyPackage(
                            "io.banditflow.core.bid..",
                            "io.banditflow.core.event..",
                            "io.banditflow.core.guard..",
                            "io.banditflow.core.round..",
                            "io.banditflow.core.util..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "io.banditflow.core.policy..",
                            "io.banditflow.core.decide..",
                            "io.banditflow.core.sim..");

    @ArchTest
    static final ArchRule jobDoesNotDependOnTheDemo =
            noClasses()
                    .that()
                    .resideInAPackage("io.banditflow.job..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("io.banditflow.demo..");

    /**
     * The state tool copies the policy operator's state by its layout; no class of the operator may
     * bypass it.
     */
    @ArchTest
    static final ArchRule policyStateIsDeclaredInItsLayout =
            noClasses()
                    .that()
                    .resideInAPackage(PolicyOperator.class.getPackageName())
                    .and()
                    .doNotHaveFullyQualifiedName(PolicyStateLayout.class.getName())
                    .should()
                    .dependOnClassesThat()
                    .areAssignableTo(StateDescriptor.class)
                    .because(PolicyStateLayout.class.getSimpleName() + " declares every state");

    /**
     * The learning core and the job write through their loggers, metrics and outputs, never to the
     * standard streams: a debug print left in the pooling of the value prior reached every job's
     * task manager log once per update (removed 2026-12-05). The configuration reference's main
     * writes the README's table to stdout, as a command-line tool does.
     */
    @ArchTest
    static final ArchRule coreAndJobDoNotPrint =
            noClasses()
                    .that()
                    .resideInAnyPackage("io.banditflow.core..", "io.banditflow.job..")
                    .and()
                    .doNotHaveFullyQualifiedName(ConfigReference.class.getName())
                    .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS);
}
