package org.ordermesh.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.ordermesh.order.boundaryfixture.ReachesIntoCatalog;
import org.ordermesh.order.boundaryfixture.UsesCatalogApi;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compiled contracts: a service reaches another only through that service's {@code api} package
 * (messages, addresses, topics, error codes); each {@code api} package stands on nothing of its service but
 * itself; the platform knows no service; the node uses services' {@code api} packages only. Checked on the
 * production classes of every module on this module's class path, so the build fails when one is broken.
 */
@DisplayName("service boundaries")
class ServiceBoundariesTest {

  static final List<String> SERVICES = List.of("auth", "catalog", "payment", "order");
  private static JavaClasses production;

  @BeforeAll
  static void importClasses() {
    production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.ordermesh");
  }

  @Test
  @DisplayName("every service module's classes are on the class path, so the rules below see them")
  void seesEveryService() {
    SERVICES.forEach(service -> assertThat(production.containPackage("org.ordermesh." + service + ".api"))
      .as(service + "'s api package").isTrue());
  }

  @Test
  @DisplayName("a service uses another service only through that service's api package")
  void servicesMeetThroughApis() {
    SERVICES.forEach(service -> onlyThroughApis("org.ordermesh." + service + "..", service).check(production));
  }

  @Test
  @DisplayName("the node uses the services only through their api packages")
  void nodeUsesApisOnly() {
    onlyThroughApis("org.ordermesh.node..", null).check(production);
  }

  @Test
  @DisplayName("the platform depends on no service")
  void platformKnowsNoService() {
    noClasses().that().resideInAPackage("org.ordermesh.platform..")
      .should().dependOnClassesThat().resideInAnyPackage(SERVICES.stream().map(s -> "org.ordermesh." + s + "..").toArray(String[]::new))
      .check(production);
  }

  @Test
  @DisplayName("an api package depends on nothing of its service outside itself, nor on another service")
  void apisStandAlone() {
    SERVICES.forEach(service -> classes().that().resideInAPackage("org.ordermesh." + service + ".api..")
      .should().onlyDependOnClassesThat(new DescribedPredicate<JavaClass>("its own api, the platform, or a library") {
        @Override
        public boolean test(JavaClass target) {
          var name = target.getPackageName();
          return !name.startsWith("org.ordermesh.") || name.startsWith("org.ordermesh." + service + ".api")
            || name.startsWith("org.ordermesh.platform");
        }
      }).check(production));
  }

  @Test
  @DisplayName("the rule fails a class that reaches into another service's internals, and passes one that uses its api")
  void ruleCatchesAViolation() {
    var reaching = new ClassFileImporter().importClasses(ReachesIntoCatalog.class);
    var polite = new ClassFileImporter().importClasses(UsesCatalogApi.class);

    assertThat(onlyThroughApis("org.ordermesh.order..", "order").evaluate(reaching).hasViolation()).isTrue();
    assertThat(onlyThroughApis("org.ordermesh.order..", "order").evaluate(polite).hasViolation()).isFalse();
  }

  private static ArchRule onlyThroughApis(String packages, String ownService) {
    return noClasses().that().resideInAPackage(packages)
      .should().dependOnClassesThat(new DescribedPredicate<JavaClass>("are another service's, outside its api package") {
        @Override
        public boolean test(JavaClass target) {
          var name = target.getPackageName();
          return SERVICES.stream().filter(service -> !service.equals(ownService))
            .anyMatch(service -> (name.equals("org.ordermesh." + service) || name.startsWith("org.ordermesh." + service + "."))
              && !(name.equals("org.ordermesh." + service + ".api") || name.startsWith("org.ordermesh." + service + ".api.")));
        }
      });
  }
}
