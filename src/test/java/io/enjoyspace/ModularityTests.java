package io.enjoyspace;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

class ModularityTests {

    private final ApplicationModules modules = ApplicationModules.of(EnjoySpaceApplication.class);

    @Test
    void modulesRespectTheirBoundaries() {
        modules.verify();
    }

    @Test
    void pointsDependsOnNothingButShared() {
        ApplicationModule points = modules.getModuleByName("points").orElseThrow();
        assertThat(points.getDirectDependencies(modules)
                        .uniqueModules()
                        .map(module -> module.getIdentifier().toString()))
                .containsOnly("shared");
    }

    @Test
    void writesModuleDocumentation() {
        new Documenter(modules).writeDocumentation();
    }
}
