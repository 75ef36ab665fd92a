package io.enjoyspace;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.modulith.Modulithic;
import org.springframework.scheduling.annotation.EnableScheduling;

@Modulithic(sharedModules = "shared")
@SpringBootApplication
@EnableScheduling
public class EnjoySpaceApplication {

    public static void main(String[] args) {
        SpringApplication.run(EnjoySpaceApplication.class, args);
    }
}
